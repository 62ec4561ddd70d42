#!/usr/bin/env bash
# Runs the socket differential program on the host (Linux) and as an image
# on each architecture, and checks that every image prints exactly the
# host's "socket: " lines and exits with status 0.
#
#   socket_compare.sh HOST_BINARY IMAGE_OUTPUTS...
# IMAGE_OUTPUTS: the files of the image targets; <image>.run marks one.
set -uo pipefail

source tools/host_compare_lib.sh
compare_init "$@"

# The program's lines, without the serial console's carriage returns.
extract() {
	tr -d '\r' < "$1" | grep -E '^socket: ' || true
}

# Standard input from /dev/null: the program polls fd 0 for output.
"$host" > "$out/host.log" 2>&1 < /dev/null
rc=$?
[ "$rc" -eq 0 ] || fail "host program exited $rc"
extract "$out/host.log" > "$out/host.lines"
grep -q '^socket: done$' "$out/host.lines" ||
	fail "host program did not finish (see host.log)"

for image in "${images[@]}"; do
	image_arch "$image" || continue
	log="$out/$arch.log"
	"$runner" --arch "$arch" --image "$image" --timeout "$timeout_s" \
		> "$log" 2>&1 < /dev/null
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
