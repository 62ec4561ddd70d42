#!/usr/bin/env bash
# Boots clock_check and compares each "clock: now S.N" line, CLOCK_REALTIME
# in the guest, with the host's clock when the line arrives: they must
# differ by less than --max-diff seconds (the serial console's and the
# host scheduler's delays count as the guest being behind). Prints the
# differences, and the start-up line's (the RTC's whole second).
#
#   realtime_test.sh --arch A --max-diff SECONDS --files IMAGE.run...
set -uo pipefail

arch= max_diff= image=
while [ $# -gt 0 ]; do
	case "$1" in
	--arch) arch=$2; shift 2 ;;
	--max-diff) max_diff=$2; shift 2 ;;
	--files) shift; while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do
		case "$1" in *.run) image=${1%.run} ;; esac; shift; done ;;
	*) echo "realtime_test.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
[ -n "$arch" ] && [ -n "$max_diff" ] && [ -n "$image" ] ||
	{ echo "realtime_test.sh: need --arch, --max-diff, --files" >&2; exit 2; }

out=${TEST_UNDECLARED_OUTPUTS_DIR:-${TEST_TMPDIR:-/tmp}}
log=$out/$arch.log
# Each line with the host's time when it arrived (microseconds).
tools/qemu_run.sh --arch "$arch" --image "$image" --timeout 120 \
	< /dev/null 2>&1 | while IFS= read -r line; do
	printf '%s %s\n' "${EPOCHREALTIME/./}" "${line%$'\r'}"
done > "$log"
rc=${PIPESTATUS[0]}

status=0
fail() {
	echo "FAIL ($arch): $*"
	status=1
}
[ "$rc" = 0 ] || fail "the image exited with status $rc"
grep -q ' clock: done$' "$log" || fail "no 'clock: done' line"
n=0
while read -r host_us _ what sec; do
	[ "$what" = boot ] || [ "$what" = now ] || continue
	# Guest minus host, in milliseconds (negative: the guest is behind).
	diff_ms=$(awk -v g="$sec" -v h="$host_us" \
		'BEGIN { printf "%.1f", (g - h / 1e6) * 1000 }')
	echo "$arch: $what: guest minus host $diff_ms ms"
	[ "$what" = now ] || continue
	n=$((n + 1))
	awk -v d="$diff_ms" -v m="$max_diff" \
		'BEGIN { exit !(d > -m * 1000 && d < m * 1000) }' ||
		fail "guest minus host $diff_ms ms, not within ${max_diff} s"
done < <(grep -E '^[0-9]+ clock: (boot|now) [0-9]+\.[0-9]{9}$' "$log")
[ "$n" = 4 ] || fail "$n 'clock: now' lines, not 4"
if [ "$status" != 0 ]; then
	echo "----- serial log -----"
	cat "$log"
fi
[ "$status" = 0 ] && echo "PASS ($arch)"
exit "$status"
