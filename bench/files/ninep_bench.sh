#!/usr/bin/env bash
# 9p sequential read throughput under QEMU (TCG unless TESSERA_KVM=1):
# boots //bench/files:ninep_bench_<arch> with a host directory holding a
# 16 MiB file as a virtio-9p share and prints the MB/s of three passes.
#
#   bench/files/ninep_bench.sh
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

bench_build //bench/files:ninep_bench_x86_64 //bench/files:ninep_bench_arm64
bench_tmpdir
mkdir "$tmp/share"
head -c $((16 << 20)) /dev/urandom >"$tmp/share/big.bin"

printf '| 9p sequential read, 16 MiB | pass 1 | pass 2 | pass 3 |\n'
printf '| --- | --- | --- | --- |\n'
for arch in x86_64 arm64; do
	if ! tools/qemu_run.sh --arch "$arch" \
		--image "$bin/bench/files/ninep_bench_$arch" --timeout 600 \
		--share "$tmp/share:hostshare" \
		--append "vfs.mount=hostshare:/mnt/host:9pfs:ro" \
		>"$tmp/$arch.log" 2>&1 ||
		! grep -q "ninep_bench: done" "$tmp/$arch.log"; then
		echo "ninep_bench.sh: $arch run failed:" >&2
		cat "$tmp/$arch.log" >&2
		exit 1
	fi
	printf '| %s |' "$arch"
	tr -d '\r' <"$tmp/$arch.log" |
		sed -n 's/^ninep_bench: pass .*read \(.*\)$/ \1 |/p' | tr -d '\n'
	printf '\n'
done
