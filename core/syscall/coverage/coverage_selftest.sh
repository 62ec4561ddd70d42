#!/bin/sh
# coverage.sh --check must fail when coverage.txt disagrees with the image:
# runs it on coverage.txt with one wrong line added at a time.
#
#   coverage_selftest.sh ARGS...   (the arguments of coverage.sh --check)
set -u
arch=$1 nrs=$2 other=$3 data=$4
shift 4
script=$(dirname "$0")/coverage.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

"$script" --check "$arch" "$nrs" "$other" "$data" "$@" > /dev/null 2>&1 ||
	{ echo "FAIL: the checked-in coverage.txt does not pass"; status=1; }
while IFS='|' read -r line why; do
	{ cat "$data"; echo "$line"; } > "$tmp/coverage.txt"
	if "$script" --check "$arch" "$nrs" "$other" "$tmp/coverage.txt" \
		"$@" > "$tmp/out" 2>&1; then
		echo "FAIL: not detected: $why ($line)"
		status=1
	else
		echo "ok: detected $why: $(tail -1 "$tmp/out")"
	fi
done <<'EOT'
getpid refused no reason to refuse|a registered syscall listed as refused
write planned issue 0|a registered syscall listed as planned
quotactl partial nothing|an unregistered syscall listed as partial
no_such_call refused typo|a name that is no syscall
sync partial|a line without a reason
sync maybe not a status|an unknown status
EOT
exit $status
