#!/usr/bin/env bash
# Makes the Linux boot protocol's image of an x86_64 kernel: the real-mode
# setup sectors (plat/x86_64/linux_setup.S, the non-allocated .linux_setup
# section of the linked ELF) followed by the kernel as a flat binary from
# its load address, 1 MiB; syssize in the setup header gets the kernel's
# size. QEMU's -kernel (pc and microvm) loads it as a bzImage.
#
#   bzimage.sh OBJCOPY KERNEL_ELF OUT [SETUP_SECTION]
#
# SETUP_SECTION (default .linux_setup) names other setup sectors (a test
# loader, tests/kernel/x86_64/linux).
set -euo pipefail
objcopy=$1 elf=$2 out=$3 section=${4:-.linux_setup}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$objcopy" --dump-section "$section=$tmp/setup" "$elf" "$tmp/unused"
"$objcopy" --strip-all -O binary "$elf" "$tmp/kernel"
setup_size=$(stat -c %s "$tmp/setup")
sects=$(od -An -tu1 -j $((0x1f1)) -N1 "$tmp/setup" | tr -d ' ')
if [ "$setup_size" -ne $(((sects + 1) * 512)) ]; then
	echo "bzimage.sh: $elf: setup is $setup_size bytes, not $(((sects + 1) * 512))" >&2
	exit 1
fi
size=$(stat -c %s "$tmp/kernel")
paras=$(((size + 15) / 16))
le32() {
	printf "\\x$(printf %02x $(($1 & 255)))\\x$(printf %02x $(($1 >> 8 & 255)))"
	printf "\\x$(printf %02x $(($1 >> 16 & 255)))\\x$(printf %02x $(($1 >> 24 & 255)))"
}
le32 "$paras" | dd of="$tmp/setup" bs=1 seek=$((0x1f4)) conv=notrunc status=none
cat "$tmp/setup" "$tmp/kernel" > "$out"
