#!/usr/bin/env bash
# File system and pipe throughput under QEMU (TCG unless TESSERA_KVM=1):
# boots //bench/files:files_bench_<arch> on x86_64 and arm64 and runs the
# same program on the host (Linux, native: a reference, not a VM), then
# prints one table row per figure.
#
#   bench/files/files_bench.sh
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

bench_build //bench/files:files_bench_x86_64 //bench/files:files_bench_arm64 \
	//bench/files:files_bench_host
bench_tmpdir

for arch in x86_64 arm64; do
	if ! tools/qemu_run.sh --arch "$arch" \
		--image "$bin/bench/files/files_bench_$arch" \
		--timeout 600 >"$tmp/$arch.log" 2>&1 ||
		! grep -q "files_bench: done" "$tmp/$arch.log"; then
		echo "files_bench.sh: $arch run failed:" >&2
		cat "$tmp/$arch.log" >&2
		exit 1
	fi
done
TMPDIR="$tmp" "$bin/bench/files/files_bench_host" >"$tmp/host.log"

figure() {
	tr -d '\r' <"$1" | sed -n "s/^files_bench: $2: //p"
}
printf '| what | x86_64 | arm64 | host Linux (native) |\n'
printf '| --- | --- | --- | --- |\n'
for what in "sequential write" "sequential read" "create+unlink" stat pipe; do
	printf '| %s | %s | %s | %s |\n' "$what" \
		"$(figure "$tmp/x86_64.log" "$what")" \
		"$(figure "$tmp/arm64.log" "$what")" \
		"$(figure "$tmp/host.log" "$what")"
done
