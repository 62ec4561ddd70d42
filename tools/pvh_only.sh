#!/usr/bin/env bash
# Copies an x86_64 boot image with its multiboot header disabled (magic
# zeroed), so that QEMU's -kernel takes the PVH note's entry instead: on
# microvm only the PVH (and Linux) path gets the command line QEMU extends
# with the virtio-mmio devices (auto-kernel-cmdline).
#
#   pvh_only.sh IN OUT
set -euo pipefail
in=$1 out=$2
# The header is the first thing in .text (link.ld), in the first 8 KiB.
off=$(head -c 8192 "$in" | LC_ALL=C grep -obUaP '\x02\xb0\xad\x1b' |
	head -n 1 | cut -d: -f1)
if [ -z "$off" ]; then
	echo "pvh_only.sh: no multiboot header in the first 8 KiB of $in" >&2
	exit 1
fi
cp "$in" "$out"
chmod u+w "$out"
printf '\0\0\0\0' | dd of="$out" bs=1 seek="$off" conv=notrunc status=none
