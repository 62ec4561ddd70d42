#!/usr/bin/env bash
# Test driver: boots an image in QEMU under a timeout, then checks the
# exit status and that every expected line appeared on the console. On
# failure it prints the whole serial log.
#
#   qemu_test.sh --arch A --qemu EMULATOR --machine MACHINE --image FILE
#                --symbols FILE.dbg --exit N [--timeout S]
#                [--expect TEXT]... [--expect-re REGEX]...
#                [--append CMDLINE] [-- QEMU ARGS]
#
# tools/qemu_test.bzl writes this command line from the image's
# UnikernelImageInfo.
set -uo pipefail

arch= qemu= machine= image= symbols= want_exit=0
timeout_s=${TESSERA_QEMU_TIMEOUT:-240} append=
expect=() expect_re=()
while [ $# -gt 0 ]; do
	case "$1" in
	--arch) arch=$2; shift 2 ;;
	--qemu) qemu=$2; shift 2 ;;
	--machine) machine=$2; shift 2 ;;
	--image) image=$2; shift 2 ;;
	--symbols) symbols=$2; shift 2 ;;
	--exit) want_exit=$2; shift 2 ;;
	--timeout) timeout_s=$2; shift 2 ;;
	--expect) expect+=("$2"); shift 2 ;;
	--expect-re) expect_re+=("$2"); shift 2 ;;
	--append) append=$2; shift 2 ;;
	--) shift; break ;;
	*) echo "qemu_test.sh: unknown option $1" >&2; exit 2 ;;
	esac
done

runner=tools/qemu_run.sh
log=${TEST_UNDECLARED_OUTPUTS_DIR:-${TEST_TMPDIR:-/tmp}}/serial.log

# --symbols: a crash report's backtrace in the log names functions and
# lines.
run_args=(--arch "$arch" --qemu "$qemu" --machine "$machine"
	  --image "$image" --symbols "$symbols" --timeout "$timeout_s")
[ -n "$append" ] && run_args+=(--append "$append")
"$runner" "${run_args[@]}" -- "$@" > "$log" 2>&1 < /dev/null
rc=$?

fail() {
	echo "FAIL: $*"
	echo "----- serial log ($arch, $image) -----"
	cat "$log"
	echo "----- end of serial log -----"
	exit 1
}

[ "$rc" -eq 124 ] && fail "QEMU timed out after ${timeout_s}s"
[ "$rc" -eq "$want_exit" ] || fail "exit status $rc, expected $want_exit"
for line in "${expect[@]}"; do
	grep -qF -- "$line" "$log" || fail "missing console line: $line"
done
for re in "${expect_re[@]}"; do
	grep -qE -- "$re" "$log" || fail "no console line matches: $re"
done
echo "PASS: $image exited $rc with all expected lines"
