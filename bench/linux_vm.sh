#!/usr/bin/env bash
# Runs one of our benchmark programs in a Linux VM on the same QEMU
# (x86_64, TCG unless TESSERA_KVM=1), for comparison with the image's
# figures: the program is linked statically as /init of an initramfs
# (packed by uk_rootfs's own packer), so it runs on Linux's rootfs, a RAM
# file system like ours. Linux's loopback interface is down in that VM
# (nothing brings it up), so network figures say "no connection".
#
#   bench/linux_vm.sh PROGRAM.c VMLINUZ [RUNS]
#
# VMLINUZ: a Linux x86_64 kernel, e.g. Debian's: `apt-get download
# linux-image-6.1.0-57-amd64 && dpkg-deb -x linux-image-*.deb k`, then
# k/boot/vmlinuz-6.1.0-57-amd64. Prints the PROGRAM: lines of each run.
# LINUX_VM_SMP sets -smp (default 1) and LINUX_VM_ACCEL the TCG options
# (default tcg), e.g. LINUX_VM_SMP=2 LINUX_VM_ACCEL=tcg,thread=multi for
# bench/sched/smp_bench.c.
set -euo pipefail

prog=${1:?usage: linux_vm.sh PROGRAM.c VMLINUZ [RUNS]}
kernel=${2:?usage: linux_vm.sh PROGRAM.c VMLINUZ [RUNS]}
runs=${3:-1}
prog=$(realpath "$prog")
kernel=$(realpath "$kernel")
name=$(basename "$prog" .c)
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

nosym=--experimental_convenience_symlinks=ignore
./bazelw build "$nosym" //tools/rootfs:cpio_pack >&2
bin=$(./bazelw info "$nosym" bazel-bin 2>/dev/null)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -static -O2 -pthread "$prog" -o "$tmp/init"
"$bin/tools/rootfs/cpio_pack" "$tmp/init.cpio" F "$tmp/init" /init 0755

accel=(-accel "${LINUX_VM_ACCEL:-tcg}")
[ "${TESSERA_KVM:-0}" = 1 ] && accel=(-accel kvm)
for _ in $(seq "$runs"); do
	# TMPDIR=/ reaches /init's environment; when /init ends, the kernel
	# panics and panic=-1 with -no-reboot ends QEMU.
	timeout 900 qemu-system-x86_64 "${accel[@]}" -kernel "$kernel" \
		-initrd "$tmp/init.cpio" -m 512 -smp "${LINUX_VM_SMP:-1}" -nographic -no-reboot \
		-append "console=ttyS0 TMPDIR=/ panic=-1 quiet" 2>&1 |
		tr -d '\r' | grep -o "$name: .*" || true
done
