#!/usr/bin/env bash
# The Linux boot protocol on QEMU: each image's .bzImage (setup sectors and
# flat kernel, tools/bzimage.sh) given to -kernel must boot through
# linux_setup.S, not multiboot or PVH, on the pc machine (SeaBIOS) and on
# microvm as its platform runs it (qboot; acpi=off, pic=off). main() gets
# -append's words; the heap gets the RAM the BIOS's E820 map reports;
# httpreply finds its NIC (virtio-pci on pc, virtio-mmio from the command
# line QEMU extends on microvm) and answers.
#
# BOOTARGS64.bzImage carries a test loader (setup64.S) that enters the
# 64-bit entry in long mode, as Firecracker does.
#
#   linux_boot_test.sh BOOTARGS.bzImage BOOTARGS64.bzImage \
#       HELLOWORLD.bzImage HTTPREPLY.bzImage
set -uo pipefail

bootargs=$1 bootargs64=$2 helloworld=$3 httpreply=$4
microvm=microvm,acpi=off,pic=off
tmp=${TEST_TMPDIR:-$(mktemp -d)}
failed=0

fail() {
	echo "FAIL $1: $2"
	cat "$tmp/$1.log"
	failed=1
}

# boot NAME IMAGE MACHINE EXPECTED_LINE... -- QEMU_ARGS...
# (the 32-bit entry unless ENTRY=64)
boot() {
	local name=$1 img=$2 machine=$3 rc want entry=${ENTRY:-32}
	local -a expect=()
	shift 3
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		expect+=("$1")
		shift
	done
	shift
	tools/qemu_run.sh --arch x86_64 --machine "$machine" --image "$img" \
		--timeout 120 -- "$@" > "$tmp/$name.raw" 2>&1 < /dev/null
	rc=$?
	tr -d '\r' < "$tmp/$name.raw" > "$tmp/$name.log"
	[ "$rc" -eq 0 ] || { fail "$name" "status $rc"; return; }
	for want in "x86: booted by the Linux boot protocol ($entry-bit entry)" \
		"${expect[@]}"; do
		grep -qxF -- "$want" "$tmp/$name.log" ||
			grep -qF -- "] kernel: $want" "$tmp/$name.log" ||
			{ fail "$name" "no line '$want'"; return; }
	done
	echo "ok   $name"
}

# heap NAME MIN_MIB MAX_MIB: the heap size bootargs printed is in range.
heap() {
	local mib
	mib=$(sed -n 's/^heap: \([0-9]*\) MiB.*/\1/p' "$tmp/$1.log")
	if [ -z "$mib" ] || [ "$mib" -lt "$2" ] || [ "$mib" -gt "$3" ]; then
		fail "$1" "heap '$mib' MiB, not $2..$3"
	fi
}

args=(argv[0]=tessera argv[1]=one "argv[2]=two words" argv[3]=three)
boot pc_64m "$bootargs" pc "${args[@]}" -- -m 64 \
	-append "one 'two words' three"
heap pc_64m 60 64
boot pc_6g "$bootargs" pc "${args[@]}" -- -m 6G \
	-append "one 'two words' three"
heap pc_6g 6100 6144
boot microvm_64m "$bootargs" "$microvm" "${args[@]}" \
	"x86: interrupts through the I/O APIC" -- -m 64 \
	-append "one 'two words' three"
heap microvm_64m 60 64
boot microvm_6g "$bootargs" "$microvm" argv[0]=tessera -- -m 6G
heap microvm_6g 6100 6144
ENTRY=64 boot entry64_pc_6g "$bootargs64" pc "${args[@]}" -- -m 6G \
	-append "one 'two words' three"
heap entry64_pc_6g 6100 6144
# As Firecracker would run it: no ACPI, PIC or PIT; CPUs from the MP table.
ENTRY=64 boot entry64_microvm_nopit "$bootargs64" "$microvm,pit=off" \
	"${args[@]}" "x86: 4 CPUs" -- -smp 4 -append "one 'two words' three"
boot helloworld_pc "$helloworld" pc "Hello from Tessera" -- -m 2
boot helloworld_microvm "$helloworld" "$microvm" "Hello from Tessera" --

# httpreply: ready line, then one page over QEMU's forward. (Its log level
# hides the boot protocol's line; QEMU takes a file with the "HdrS" header
# as a Linux kernel before looking for multiboot or PVH.)
serve() {
	local name=$1 machine=$2 port qemu deadline body
	for _ in $(seq 1 50); do
		port=$((20000 + RANDOM % 20000))
		(exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null || break
	done
	# A session of its own: stopping it stops the runner and QEMU.
	TESSERA_HTTP_PORT=$port setsid tools/qemu_run.sh --arch x86_64 \
		--machine "$machine" --image "$httpreply" --net --timeout 300 \
		> "$tmp/$name.log" 2>&1 < /dev/null &
	qemu=$!
	deadline=$((SECONDS + 240))
	until grep -q "Listening on port" "$tmp/$name.log"; do
		if ! kill -0 "$qemu" 2> /dev/null || [ $SECONDS -ge $deadline ]; then
			kill -- -"$qemu" 2> /dev/null
			wait "$qemu"
			fail "$name" "no 'Listening on port' line"
			return
		fi
		sleep 0.1
	done
	body=$(curl -s --max-time 60 "http://127.0.0.1:$port/")
	kill -- -"$qemu" 2> /dev/null
	wait "$qemu"
	case "$body" in
	*"It works!"*) echo "ok   $name" ;;
	*) fail "$name" "page: $body" ;;
	esac
}

serve httpreply_pc pc
serve httpreply_microvm "$microvm"
exit $failed
