#!/usr/bin/env bash
# The PVH entry on QEMU: QEMU prefers an image's multiboot header, so the
# test boots a copy of helloworld whose multiboot magic is cleared; QEMU
# then takes the PVH note's entry. The copy must boot through PVH (memory
# map from struct hvm_start_info, at 2 MiB, 64 MiB and 6 GiB; a second
# CPU), the unchanged image through multiboot; both on the pc and the
# microvm machines.
#
#   pvh_test.sh HELLOWORLD_FILES...
set -uo pipefail

image=
for f in "$@"; do
	case "$f" in *.run) image=${f%.run} ;; esac
done
tmp=${TEST_TMPDIR:-$(mktemp -d)}
failed=0

# Byte offset of the multiboot header magic (0x1BADB002, little-endian).
off=$(LC_ALL=C grep -obUaP '\x02\xb0\xad\x1b' "$image" | head -n 1 | cut -d: -f1)
if [ -z "$off" ]; then
	echo "FAIL: no multiboot header in $image"
	exit 1
fi
cp "$image" "$tmp/pvh"
chmod u+w "$tmp/pvh"
printf '\0\0\0\0' | dd of="$tmp/pvh" bs=1 seek="$off" conv=notrunc 2> /dev/null

# boot NAME IMAGE WANT_PVH QEMU_ARGS...
boot() {
	local name=$1 img=$2 want_pvh=$3 rc
	shift 3
	tools/qemu_run.sh --arch x86_64 --image "$img" --timeout 120 -- "$@" \
		> "$tmp/$name.log" 2>&1 < /dev/null
	rc=$?
	if [ "$rc" -ne 0 ] || ! grep -qF "Hello from Tessera" "$tmp/$name.log" ||
	   { [ "$want_pvh" = 1 ] && ! grep -qF "x86: booted by PVH" "$tmp/$name.log"; } ||
	   { [ "$want_pvh" = 0 ] && grep -qF "booted by PVH" "$tmp/$name.log"; }; then
		echo "FAIL $name: status $rc"
		cat "$tmp/$name.log"
		failed=1
		return
	fi
	echo "ok   $name"
}

boot pvh_64m "$tmp/pvh" 1 -m 64
boot pvh_2m "$tmp/pvh" 1 -m 2
boot pvh_6g "$tmp/pvh" 1 -m 6G
boot pvh_smp2 "$tmp/pvh" 1 -smp 2
grep -qF "x86: 2 CPUs" "$tmp/pvh_smp2.log" ||
	{ echo "FAIL pvh_smp2: not 2 CPUs"; failed=1; }
boot multiboot "$image" 0 -m 64
# QEMU's microvm machine (no PCI, no firmware tables but the MADT), as a
# Firecracker-class VMM would boot the image; its PIT and PIC are on by
# default and give the timer.
boot pvh_microvm "$tmp/pvh" 1 -M microvm -smp 2
grep -qF "x86: 2 CPUs" "$tmp/pvh_microvm.log" ||
	{ echo "FAIL pvh_microvm: not 2 CPUs"; failed=1; }
boot multiboot_microvm "$image" 0 -M microvm
exit $failed
