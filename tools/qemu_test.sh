#!/usr/bin/env bash
# sh_test driver: boots an image in QEMU under a timeout, then checks the
# exit status and that every expected line appeared on the console. On
# failure it prints the whole serial log.
#
#   qemu_test.sh --arch A --exit N [--timeout S] [--expect TEXT]...
#                [--expect-re REGEX]... [--append CMDLINE]
#                --files IMAGE_OUTPUTS... [-- QEMU ARGS]
set -uo pipefail

arch= want_exit=0 timeout_s=${TESSERA_QEMU_TIMEOUT:-240} append=
expect=() expect_re=() files=()
while [ $# -gt 0 ]; do
	case "$1" in
	--arch) arch=$2; shift 2 ;;
	--exit) want_exit=$2; shift 2 ;;
	--timeout) timeout_s=$2; shift 2 ;;
	--expect) expect+=("$2"); shift 2 ;;
	--expect-re) expect_re+=("$2"); shift 2 ;;
	--append) append=$2; shift 2 ;;
	--files)
		shift
		while [ $# -gt 0 ] && [ "$1" != "--" ]; do
			files+=("$1")
			shift
		done
		;;
	--) shift; break ;;
	*) echo "qemu_test.sh: unknown option $1" >&2; exit 2 ;;
	esac
done

# $(rootpaths) of an image names its launcher, <image>.run.
image=
for f in "${files[@]}"; do
	case "$f" in
	*.run) image=${f%.run} ;;
	esac
done
runner=tools/qemu_run.sh
log=${TEST_UNDECLARED_OUTPUTS_DIR:-${TEST_TMPDIR:-/tmp}}/serial.log

run_args=(--arch "$arch" --image "$image" --timeout "$timeout_s")
# A crash report's backtrace in the log then names functions and lines.
[ -f "$image.dbg" ] && run_args+=(--symbols "$image.dbg")
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
