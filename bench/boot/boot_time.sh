#!/usr/bin/env bash
# Boot time of Tessera images under QEMU (TCG unless TESSERA_KVM=1), for
# x86_64 (QEMU pc, multiboot), pvh (QEMU pc entering the microvm build's
# PVH-only ELF by its note), microvm (x86_64 on QEMU microvm, PVH),
# bzimage and microvm_bzimage (the x86_64 images' .bzImage, the Linux boot
# protocol, on pc and on microvm) and arm64, measured from the host:
#  - QEMU start to main(): from launching QEMU to the console line that
#    helloworld's main() prints ("Hello from Tessera"), read as it arrives;
#  - QEMU start to exit of helloworld;
#  - the kernel's own boot-to-main time: x86_64 TSC at the multiboot entry
#    to TSC at main() (//tests/kernel/x86_64/time:boot_time_x86_64, and
#    boot_time_microvm from the PVH entry; the bzImages from the 32-bit
#    entry, after the setup sectors); arm64
#    the generic counter at main(), which QEMU starts with the machine
#    (//bench/boot:boot_time_arm64).
# Each is run RUNS times (default 10); the medians are printed.
#
#   bench/boot/boot_time.sh [RUNS] [ARCH...]
#       (ARCH: x86_64 pvh microvm bzimage microvm_bzimage arm64)
#
# BAZEL_OUTPUT_BASE selects Bazel's --output_base (default: Bazel's own).
# TESSERA_RELEASE=1 measures the images of the release configuration
# (README "Releases").
set -euo pipefail

runs=${1:-10}
shift || true
archs=("$@")
[ ${#archs[@]} -gt 0 ] || archs=(x86_64 arm64)
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

flags=(--output_groups=+bzimage)
if [ "${TESSERA_RELEASE:-0}" = 1 ]; then
	flags+=(--//tools/config:release)
fi
declare -A boot_target=(
	[x86_64]=//tests/kernel/x86_64/time:boot_time_x86_64
	[microvm]=//tests/kernel/x86_64/time:boot_time_microvm
	[pvh]=//tests/kernel/x86_64/time:boot_time_microvm
	[bzimage]=//tests/kernel/x86_64/time:boot_time_x86_64
	[microvm_bzimage]=//tests/kernel/x86_64/time:boot_time_x86_64
	[arm64]=//bench/boot:boot_time_arm64
)
# The image file's suffix and helloworld's target name, where not the
# architecture's own.
declare -A img_suffix=([bzimage]=.bzImage [microvm_bzimage]=.bzImage)
declare -A hello_name=([bzimage]=x86_64 [microvm_bzimage]=x86_64
	[pvh]=microvm)
# The runner's --arch and --machine for each (microvm: as in
# platforms/defs.bzl).
declare -A run_arch=([x86_64]=x86_64 [microvm]=x86_64 [pvh]=x86_64
	[bzimage]=x86_64
	[microvm_bzimage]=x86_64 [arm64]=arm64)
declare -A run_opts=([x86_64]= [pvh]=
	[microvm]="--machine microvm,acpi=off,pic=off"
	[bzimage]= [microvm_bzimage]="--machine microvm,acpi=off,pic=off"
	[arm64]=)
targets=()
for a in "${archs[@]}"; do
	targets+=("//images:helloworld_${hello_name[$a]:-$a}" "${boot_target[$a]}")
done
bench_build "${flags[@]}" "${targets[@]}"

median() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "n/a"; exit }
		if (NR % 2) print v[(NR + 1) / 2];
		else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Microseconds since the epoch, without a fork (bash 5 EPOCHREALTIME).
now_us() {
	local t=${EPOCHREALTIME/[.,]/}
	echo "$t"
}

bench_tmpdir

# Runs helloworld once: appends QEMU-start-to-main and start-to-exit (us).
hello_run() {
	local arch=$1 img=$2 t0 t1 tmain= line
	t0=$(now_us)
	while IFS= read -r line; do
		echo "$line" >>"$tmp/hello.log"
		if [ -z "$tmain" ] && [[ $line == *"Hello from Tessera"* ]]; then
			tmain=$(now_us)
		fi
	done < <(tools/qemu_run.sh --arch "${run_arch[$arch]}" \
		${run_opts[$arch]} --image "$img" \
		--timeout 60 2>&1; echo "qemu_run.sh exit $?")
	t1=$(now_us)
	if [ -z "$tmain" ] || ! grep -q "qemu_run.sh exit 0" "$tmp/hello.log"; then
		echo "boot_time.sh: helloworld_$arch run failed:" >&2
		cat "$tmp/hello.log" >&2
		exit 1
	fi
	echo $((tmain - t0)) >>"$tmp/main_$arch"
	echo $((t1 - t0)) >>"$tmp/wall_$arch"
}

for arch in "${archs[@]}"; do
	hello_img=$bin/images/helloworld_${hello_name[$arch]:-$arch}${img_suffix[$arch]:-}
	boot_img=$bin/${boot_target[$arch]#//}
	boot_img=${boot_img/://}${img_suffix[$arch]:-}
	for i in $(seq "$runs"); do
		: >"$tmp/hello.log"
		hello_run "$arch" "$hello_img"
		tools/qemu_run.sh --arch "${run_arch[$arch]}" \
			${run_opts[$arch]} --image "$boot_img" \
			--timeout 60 >"$tmp/boot.log" 2>&1 || true
		us=$(sed -n 's/.*boot-to-main: \([0-9]*\) us.*/\1/p' \
			"$tmp/boot.log")
		if [ -z "$us" ]; then
			echo "boot_time.sh: no boot-to-main line in run $i:" >&2
			cat "$tmp/boot.log" >&2
			exit 1
		fi
		echo "$us" >>"$tmp/kernel_$arch"
	done
done

echo "runs: $runs"
for arch in "${archs[@]}"; do
	clock=TSC
	[ "$arch" = arm64 ] && clock="generic counter, from VM start"
	echo "helloworld_$arch QEMU start to main() output, median:" \
		"$(median <"$tmp/main_$arch") us"
	echo "helloworld_$arch QEMU start to exit, median:" \
		"$(median <"$tmp/wall_$arch") us"
	echo "$arch kernel boot-to-main ($clock), median:" \
		"$(median <"$tmp/kernel_$arch") us"
done
