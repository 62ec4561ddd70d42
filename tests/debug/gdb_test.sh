#!/usr/bin/env bash
# Boots helloworld halted through its .debug launcher, runs the gdb command
# the launcher prints with a scripted session (break at main, step into
# printf, read its argument, backtrace) and checks what gdb reports.
#
#   gdb_test.sh ARCH LAUNCHER
set -uo pipefail
arch=$1 launcher=$2
work=$(mktemp -d "${TEST_TMPDIR:-/tmp}/gdb_test.XXXXXX")
qemu_pid=
cleanup() {
	[ -n "$qemu_pid" ] && kill "$qemu_pid" 2> /dev/null
	rm -rf "$work"
}
trap cleanup EXIT
fail() {
	echo "gdb_test ($arch): FAILED: $*" >&2
	for f in launcher.log gdb.log; do
		[ -f "$work/$f" ] && { echo "--- $f"; cat "$work/$f"; }
	done >&2
	exit 1
}

# QEMU's own limit: a session that goes wrong must not leave it running.
timeout -k 5 200 "$launcher" > "$work/launcher.log" 2>&1 &
qemu_pid=$!
gdb_cmd=
for _ in $(seq 600); do
	gdb_cmd=$(sed -n 's/^  \(gdb-multiarch .*\)$/\1/p' "$work/launcher.log")
	[ -n "$gdb_cmd" ] && break
	kill -0 "$qemu_pid" 2> /dev/null || fail "the launcher exited early"
	sleep 0.1
done
[ -n "$gdb_cmd" ] || fail "the launcher printed no gdb command in 60 s"

cat > "$work/session.gdb" << 'GDB'
set pagination off
set confirm off
break main
continue
step
print fmt
backtrace
kill
GDB
# gdb retries the connection while QEMU opens its stub.
eval "timeout -k 5 150 $gdb_cmd -batch -x '$work/session.gdb'" \
	> "$work/gdb.log" 2>&1 || fail "gdb exited with status $?"

log=$work/gdb.log
main_c='(\./)?images/helloworld/main\.c'
grep -Eq "^Breakpoint 1, main \(\) at $main_c:[0-9]+" "$log" ||
	fail "no stop at the breakpoint in main"
# The source line itself: the .dbg's paths resolve to the sources.
grep -Eq '^[0-9]+[[:space:]]+printf\("Hello from Tessera\\n"\);' "$log" ||
	fail "gdb did not show main's source line"
grep -Eq '^printf \(fmt=0x[0-9a-f]+ "Hello from Tessera\\n"\) at (\./)?external/musl/src/stdio/printf\.c:[0-9]+' "$log" ||
	fail "step did not enter musl's printf"
grep -Eq '^[0-9]+[[:space:]]+va_start\(ap, fmt\);' "$log" ||
	fail "gdb did not show printf's source line (external/musl)"
grep -Eq '^\$1 = 0x[0-9a-f]+ "Hello from Tessera\\n"' "$log" ||
	fail "print fmt did not read printf's argument"
grep -Eq '^#0 +printf \(' "$log" &&
	grep -Eq "^#1 +0x[0-9a-f]+ in main \(\) at $main_c:[0-9]+" "$log" ||
	fail "the backtrace lacks printf called from main"
echo "gdb_test ($arch): PASSED"
