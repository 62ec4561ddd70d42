#!/usr/bin/env bash
# Boot time of x86_64 images under QEMU (TCG unless TESSERA_KVM=1):
#  - wall time from QEMU start to exit of //images:helloworld_x86_64,
#  - the kernel's own boot-to-main time (TSC at the multiboot entry to TSC
#    at main()), printed by //tests/kernel/x86/time:boot_time_x86_64.
# Each is run RUNS times (default 10); the medians are printed.
#
#   bench/boot/boot_time.sh [RUNS]
#
# BAZEL_OUTPUT_BASE selects Bazel's --output_base (default: Bazel's own).
set -euo pipefail

runs=${1:-10}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

bazel=(./bazelw)
if [ -n "${BAZEL_OUTPUT_BASE:-}" ]; then
	bazel+=(--output_base="$BAZEL_OUTPUT_BASE")
fi
hello=//images:helloworld_x86_64
boot=//tests/kernel/x86/time:boot_time_x86_64
nosym=--experimental_convenience_symlinks=ignore
"${bazel[@]}" build "$nosym" "$hello" "$boot" >&2
bin=$("${bazel[@]}" info "$nosym" bazel-bin 2>/dev/null)
hello_img=$bin/images/helloworld_x86_64
boot_img=$bin/tests/kernel/x86/time/boot_time_x86_64

median() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "n/a"; exit }
		if (NR % 2) print v[(NR + 1) / 2];
		else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for i in $(seq "$runs"); do
	t0=$(date +%s%N)
	if ! tools/qemu_run.sh --arch x86_64 --image "$hello_img" \
		--timeout 60 >"$tmp/hello.log" 2>&1; then
		echo "boot_time.sh: helloworld run $i failed:" >&2
		cat "$tmp/hello.log" >&2
		exit 1
	fi
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000)) >>"$tmp/wall"

	tools/qemu_run.sh --arch x86_64 --image "$boot_img" --timeout 60 \
		>"$tmp/boot.log" 2>&1 || true
	us=$(sed -n 's/.*boot-to-main: \([0-9]*\) us.*/\1/p' "$tmp/boot.log")
	if [ -z "$us" ]; then
		echo "boot_time.sh: no boot-to-main line in run $i:" >&2
		cat "$tmp/boot.log" >&2
		exit 1
	fi
	echo "$us" >>"$tmp/kernel"
done

echo "runs: $runs"
echo "helloworld_x86_64 QEMU start to exit, median: $(median <"$tmp/wall") us"
echo "kernel boot-to-main (TSC), median: $(median <"$tmp/kernel") us"
