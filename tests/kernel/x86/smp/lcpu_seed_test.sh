#!/usr/bin/env bash
# Boots the release notes' SMP program (//images:lcpu_seed_x86_64) and
# checks what the notes promise: exit status 0, then "Hello from <id>
# <idx>" from CPUs 1 and 2, then "Super! <id> <idx>" from both (under
# QEMU APIC id = index). The CPUs print concurrently through one
# unlocked musl stdout buffer, so their lines can interleave ("Hello from
# Hello from 1 1" / "2 2"): each phase is checked as a whole, with the
# greetings removed and the lines joined, for the "1 1" and "2 2" tokens.
# Runs from the workspace root (sh_test's working directory).
#
#   lcpu_seed_test.sh --files IMAGE_OUTPUTS... -- QEMU ARGS
set -uo pipefail

files=()
while [ $# -gt 0 ]; do
	case "$1" in
	--files)
		shift
		while [ $# -gt 0 ] && [ "$1" != "--" ]; do
			files+=("$1")
			shift
		done
		;;
	--) shift; break ;;
	*) echo "lcpu_seed_test.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
image=
for f in "${files[@]}"; do
	case "$f" in
	*.run) image=${f%.run} ;;
	esac
done

log=${TEST_UNDECLARED_OUTPUTS_DIR:-${TEST_TMPDIR:-/tmp}}/serial.log

fail() {
	echo "FAIL: $*"
	echo "----- serial log -----"
	cat "$log"
	echo "----- end of serial log -----"
	exit 1
}

# Prints what is missing from the log, nothing if the output is complete.
missing() {
	local hello super cpu

	# Phase 1: from the first "Hello from" to the first "Super!";
	# phase 2: the rest.
	hello=$(awk '/Super!/ { exit } /Hello from/ { on = 1 }
		on { printf "%s", $0 }' "$log" | sed 's/Hello from //g')
	super=$(awk '/Super!/ { on = 1 } on { printf "%s", $0 }' "$log" |
		sed 's/Super! //g')
	for cpu in 1 2; do
		case "$hello" in
		*"$cpu $cpu"*) ;;
		*) echo "no Hello from CPU $cpu" ;;
		esac
		case "$super" in
		*"$cpu $cpu"*) ;;
		*) echo "no Super! from CPU $cpu" ;;
		esac
	done
}

# musl's stdout has no lock until a thread is created, so two CPUs that
# print at the same moment can also overwrite each other's line in its
# buffer (one line then shows twice, the other never). That is a libc
# race, not a lost run: a boot whose output lacks a line is retried, up
# to 3 boots. A wrong exit status or a failed lcpu call fails at once.
for attempt in 1 2 3; do
	tools/qemu_run.sh --arch x86_64 --image "$image" --timeout 120 \
		-- "$@" >"$log" 2>&1 </dev/null
	rc=$?
	[ "$rc" -eq 0 ] || fail "exit status $rc, expected 0"
	grep -q "Failed" "$log" && fail "an lcpu call failed"
	lost=$(missing)
	if [ -z "$lost" ]; then
		echo "PASS: Hello from and Super! from CPUs 1 and 2, exit 0" \
			"(boot $attempt)"
		exit 0
	fi
	echo "boot $attempt: $lost" | tr '\n' ' '
	echo
	cat "$log"
done
fail "$lost"
