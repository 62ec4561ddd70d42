#!/usr/bin/env bash
# The socket benchmark in a Linux VM on the same QEMU (x86_64, TCG unless
# TESSERA_KVM=1), for comparison with the image's figures: the program is
# linked statically as /init of an initramfs, as bench/files/linux_vm.sh
# does. Linux's loopback interface is down in that VM (nothing brings it
# up), so only the AF_UNIX figures come out; TCP says "no connection".
#
#   bench/socket/linux_vm.sh VMLINUZ [RUNS]
#
# VMLINUZ: a Linux x86_64 kernel, e.g. Debian's: `apt-get download
# linux-image-6.1.0-57-amd64 && dpkg-deb -x linux-image-*.deb k`, then
# k/boot/vmlinuz-6.1.0-57-amd64. Prints the figures of each run.
set -euo pipefail

kernel=${1:?usage: linux_vm.sh VMLINUZ [RUNS]}
runs=${2:-1}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

nosym=--experimental_convenience_symlinks=ignore
./bazelw build "$nosym" //tools/rootfs:cpio_pack >&2
bin=$(./bazelw info "$nosym" bazel-bin 2>/dev/null)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -static -O2 -pthread bench/socket/socket_bench.c -o "$tmp/init"
"$bin/tools/rootfs/cpio_pack" "$tmp/init.cpio" F "$tmp/init" /init 0755

accel=(-accel tcg)
[ "${TESSERA_KVM:-0}" = 1 ] && accel=(-accel kvm)
for i in $(seq "$runs"); do
	# When /init ends, the kernel panics and panic=-1 with -no-reboot
	# ends QEMU.
	timeout 900 qemu-system-x86_64 "${accel[@]}" -kernel "$kernel" \
		-initrd "$tmp/init.cpio" -m 512 -smp 1 -nographic -no-reboot \
		-append "console=ttyS0 panic=-1 quiet" 2>&1 |
		tr -d '\r' | grep -o 'socket_bench: .*' || true
done
