#!/usr/bin/env bash
# Types on the console of the stdin image when it says it waits for input,
# and checks what it read: lines by blocking read, poll and fgets (with CR
# and an erased character), end of file, then a key in raw mode; and that
# the input was echoed as a terminal does.
#
#   stdin_test.sh ARCH IMAGE.run...
set -uo pipefail
arch=$1
shift
image=
for f in "$@"; do
	case "$f" in *.run) image=${f%.run} ;; esac
done
tmp=${TEST_TMPDIR:-$(mktemp -d)}
log=${TEST_UNDECLARED_OUTPUTS_DIR:-$tmp}/serial.log
fifo=$tmp/stdin
rm -f "$fifo"
mkfifo "$fifo"

tools/qemu_run.sh --arch "$arch" --image "$image" --timeout 300 \
	< "$fifo" > "$log" 2>&1 &
qemu=$!
# Held open for writing until the end, so QEMU never sees end of input.
exec 3> "$fifo"

fail() {
	echo "FAIL: $*"
	echo "----- serial log ($arch) -----"
	cat "$log"
	echo "----- end of serial log -----"
	kill "$qemu" 2> /dev/null
	exit 1
}

# Waits (up to 240 s) for a console line containing $1.
wait_for() {
	local deadline=$((SECONDS + 240))
	until grep -qF -- "$1" "$log"; do
		kill -0 "$qemu" 2> /dev/null || fail "QEMU exited before '$1'"
		[ $SECONDS -lt $deadline ] || fail "no '$1' on the console"
		sleep 0.05
	done
}

wait_for "waiting in read"
printf 'first line\n' >&3
wait_for "read 11 bytes: first line"
wait_for "waiting in poll"
printf 'second\n' >&3
wait_for "after poll 7 bytes: second"
wait_for "waiting in fgets"
# As a terminal sends it: CR for Enter, DEL to erase the x.
printf 'thx\177ird\r' >&3
wait_for "fgets: third"
wait_for "waiting for end of file"
printf '\004' >&3
wait_for "end of file: read 0"
wait_for "waiting in raw mode"
printf 'k' >&3
wait_for "raw read 1 byte(s): k"
exec 3>&-
wait "$qemu"
rc=$?
[ "$rc" -eq 0 ] || fail "exit status $rc, expected 0"
grep -qF "poll: 1, revents 0x1" "$log" || fail "poll did not report POLLIN alone"
grep -qF "first line" <(grep -v "read 11 bytes" "$log") || fail "input was not echoed"
echo "PASS: $image read console input by read, poll and fgets"
