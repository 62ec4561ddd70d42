# Shared by the tests that run one program on the host (Linux) and as
# images, then compare their output lines (tests/kernel/libc,
# tests/diff/event, tests/diff/socket). Source it from the workspace root
# of the runfiles:
#
#   source tools/host_compare_lib.sh
#   compare_init "$@"          # HOST_BINARY IMAGE_OUTPUTS...
#
# compare_init sets host (the host binary), images (each <image> whose
# <image>.run is among the outputs), out (where logs go), runner and
# timeout_s; fail records a failure in status; image_arch names an
# image's architecture in arch; compare_prefixed_lines PREFIX is the whole
# comparison for a program whose lines start with "PREFIX: ".

compare_init() {
	timeout_s=${TESSERA_QEMU_TIMEOUT:-300}
	out=${TEST_UNDECLARED_OUTPUTS_DIR:-${TEST_TMPDIR:-/tmp}}
	runner=tools/qemu_run.sh
	host=$1
	shift
	images=()
	local f
	for f in "$@"; do
		case "$f" in
		*.run) images+=("${f%.run}") ;;
		esac
	done
	[ "${#images[@]}" -gt 0 ] || { echo "FAIL: no image given"; exit 2; }
	status=0
}

fail() {
	echo "FAIL: $*"
	status=1
}

# Sets arch from the image's name (<name>_x86_64 or <name>_arm64); fails
# and returns 1 for another name.
image_arch() {
	case "$1" in
	*_x86_64) arch=x86_64 ;;
	*_arm64) arch=arm64 ;;
	*) fail "unknown architecture of $1"; return 1 ;;
	esac
}

# Prints an image's serial log when something failed.
show_log_on_failure() {
	if [ "$status" -ne 0 ]; then
		echo "----- serial log ($1) -----"
		cat "$2"
		echo "----- end of serial log -----"
	fi
}

# The usual comparison: runs the host program and each image with standard
# input from /dev/null, keeps the lines that start with "$1: " (without
# the serial console's carriage returns), and fails unless everything
# exits 0, the host's lines end with "$1: done" and each image prints
# exactly the host's lines. Exits with the test's status.
compare_prefixed_lines() {
	local prefix=$1 image log rc
	extract() {
		tr -d '\r' < "$1" | grep -E "^$prefix: " || true
	}
	"$host" > "$out/host.log" 2>&1 < /dev/null
	rc=$?
	[ "$rc" -eq 0 ] || fail "host program exited $rc"
	extract "$out/host.log" > "$out/host.lines"
	grep -q "^$prefix: done\$" "$out/host.lines" ||
		fail "host program did not finish (see host.log)"
	for image in "${images[@]}"; do
		image_arch "$image" || continue
		log="$out/$arch.log"
		"$runner" --arch "$arch" --image "$image" \
			--timeout "$timeout_s" > "$log" 2>&1 < /dev/null
		rc=$?
		[ "$rc" -eq 0 ] || fail "$arch: exit status $rc, expected 0"
		extract "$log" > "$out/$arch.lines"
		if ! diff -u "$out/host.lines" "$out/$arch.lines" \
			> "$out/$arch.diff"; then
			fail "$arch: output differs from the host's:"
			cat "$out/$arch.diff"
		fi
		show_log_on_failure "$arch" "$log"
	done
	[ "$status" -eq 0 ] && echo "PASS: ${#images[@]} images match the host"
	exit "$status"
}
