#!/usr/bin/env bash
# tools/qemu_run.sh's exit status for each way a run can end: a guest exit
# (0, and 200, which isa-debug-exit alone cannot carry), QEMU failing to
# start, a guest reset (x86_64: a real triple fault; arm64: PSCI
# SYSTEM_RESET), QEMU killed by SIGTERM and by SIGKILL. The guests besides
# helloworld are a few instructions written here, so each case is exact.
#
#   exit_status_test.sh ARCH HELLOWORLD_FILES...
set -uo pipefail

arch=$1 hello=
shift
for f in "$@"; do
	case "$f" in *.run) hello=${f%.run} ;; esac
done
tmp=${TEST_TMPDIR:-$(mktemp -d)}
failed=0

# A multiboot (a.out kludge) kernel loaded at 1 MiB, entered at 1 MiB +
# 0x20 in 32-bit protected mode; CODE is printf %b text.
x86_kernel() {
	printf '\x02\xb0\xad\x1b\x00\x00\x01\x00\xfe\x4f\x51\xe4%b%b\0\0\0\0\0\0\0\0%b%b' \
		'\x00\x00\x10\x00' '\x00\x00\x10\x00' '\x20\x00\x10\x00' "$2" \
		> "$tmp/$1"
}

# An ELF64 AArch64 kernel, one segment of CODE (printf %b text, LEN
# bytes) at its entry 0x40080000, the start of the virt machine's RAM.
arm64_kernel() {
	local le8='\x00\x00\x08\x40\x00\x00\x00\x00'
	printf '\x7fELF\x02\x01\x01%b\x02\x00\xb7\x00\x01\x00\x00\x00%b%b%b%b%b%b%b%b%b%b%b' \
		'\0\0\0\0\0\0\0\0\0' "$le8" '\x40\0\0\0\0\0\0\0' \
		'\0\0\0\0\0\0\0\0' '\0\0\0\0' '\x40\x00\x38\x00\x01\x00' \
		'\0\0\0\0\0\0' '\x01\0\0\0\x05\0\0\0\x78\0\0\0\0\0\0\0' \
		"$le8" "$le8" "\\x$3\0\0\0\0\0\0\0\\x$3\0\0\0\0\0\0\0" \
		'\x04\0\0\0\0\0\0\0' > "$tmp/$1"
	printf '%b' "$2" >> "$tmp/$1"
}

if [ "$arch" = x86_64 ]; then
	# cld; rep outsb "exit 200\n" to port 0xe9; isa-debug-exit 200.
	x86_kernel exit200 '\xfc\xbe\x40\x00\x10\x00\xb9\x09\x00\x00\x00\xba\xe9\x00\x00\x00\xf3\x6e\xb0\xc8\xe6\xf4\xf4\xeb\xfe\0\0\0\0\0\0\0exit 200\n'
	# An empty IDT, then int3: #GP, double fault, triple fault.
	x86_kernel reset '\xfa\x0f\x01\x1d\x30\x00\x10\x00\xcc\xf4\0\0\0\0\0\0\0\0\0\0\0\0'
	# "R\n" on COM1, then spins.
	x86_kernel spin '\xba\xf8\x03\x00\x00\xb0\x52\xee\xb0\x0a\xee\xeb\xfe'
else
	# SYS_WRITE0 "exit 200\n", then SYS_EXIT with the block {0x20026,
	# 200}: adr x1; mov w0, #4; hlt; adr x1; mov w0, #0x18; hlt; b .
	arm64_kernel exit200 '\x01\x01\x00\x10\x80\x00\x80\x52\x00\x00\x5e\xd4\x21\x01\x00\x10\x00\x03\x80\x52\x00\x00\x5e\xd4\x00\x00\x00\x14\0\0\0\0exit 200\n\0\0\0\0\0\0\0\x26\x00\x02\x00\x00\x00\x00\x00\xc8\x00\x00\x00\x00\x00\x00\x00' 40
	# PSCI SYSTEM_RESET (0x84000009) through hvc; b .
	arm64_kernel reset '\x20\x01\x80\x52\x00\x80\xb0\x72\x02\x00\x00\xd4\x00\x00\x00\x14' 10
	# "R\n" on the PL011 at 0x09000000, then spins.
	arm64_kernel spin '\x01\x20\xa1\xd2\x42\x0a\x80\x52\x22\x00\x00\xb9\x42\x01\x80\x52\x22\x00\x00\xb9\x00\x00\x00\x14' 18
fi

# check NAME WANT_STATUS WANT_MESSAGE IMAGE [QEMU ARGS...]
check() {
	local name=$1 want=$2 msg=$3 image=$4 rc
	shift 4
	tools/qemu_run.sh --arch "$arch" --image "$image" --timeout 120 \
		-- "$@" > "$tmp/$name.log" 2>&1 < /dev/null
	rc=$?
	verify "$name" "$want" "$msg" "$rc"
}

verify() {
	local name=$1 want=$2 msg=$3 rc=$4
	if [ "$rc" -ne "$want" ] ||
	   { [ -n "$msg" ] && ! grep -qF -- "$msg" "$tmp/$name.log"; }; then
		echo "FAIL $name: status $rc, want $want and '$msg'"
		cat "$tmp/$name.log"
		failed=1
	else
		echo "ok   $name: $rc"
	fi
}

# kill_check NAME SIGNAL WANT: SIGNAL to QEMU once the guest is running.
kill_check() {
	local name=$1 sig=$2 want=$3 runner i
	tools/qemu_run.sh --arch "$arch" --image "$tmp/spin" --timeout 120 \
		-- -pidfile "$tmp/$name.pid" > "$tmp/$name.log" 2>&1 < /dev/null &
	runner=$!
	for i in $(seq 1 1200); do
		grep -q R "$tmp/$name.log" && [ -s "$tmp/$name.pid" ] && break
		sleep 0.1
	done
	kill "-$sig" "$(cat "$tmp/$name.pid")"
	wait "$runner"
	verify "$name" "$want" "QEMU was killed by signal" "$?"
}

check hello 0 "" "$hello"
check exit200 200 "" "$tmp/exit200"
check bad_option 126 "QEMU failed with status 1" "$hello" -no-such-option
check no_memory 126 "QEMU failed with status 1" "$hello" -m 1T
check reset 125 "guest stopped without reporting a status" "$tmp/reset"
# Below the image's minimum memory (its size report): refused before QEMU
# starts (at -m 1 the guest would hang silently).
check small_memory 2 "is less than the" "$hello" -m 1
check small_memory_size 2 "is less than the" "$hello" -m size=1536K
# Two NICs on one user network (both 10.0.2.0/24): a warning, and the
# guest still runs; with net= apart, no warning.
[ "$arch" = x86_64 ] && nic=virtio-net-pci || nic=virtio-net-device
check two_nics 0 "two NICs on QEMU's user network 10.0.2.0/24" "$hello" \
	-netdev user,id=a -device $nic,netdev=a \
	-netdev user,id=b -device $nic,netdev=b
check two_nets 0 "" "$hello" \
	-netdev user,id=a -device $nic,netdev=a \
	-netdev user,id=b,net=10.0.3.0/24 -device $nic,netdev=b
if grep -q "two NICs" "$tmp/two_nets.log"; then
	echo "FAIL two_nets: warned for NICs on different networks"
	failed=1
fi
kill_check sigterm TERM 143
kill_check sigkill KILL 137
exit $failed
