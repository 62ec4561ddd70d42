#!/usr/bin/env bash
# System test of the SQLite images. The shell runs the rootfs's workload
# (/srv/sql/workload.sql: a 10,000-row transaction, indexes, queries, a
# join, aggregates, updates) against a database file in the ramfs; the
# host's shell, built from the same amalgamation, runs the same script
# against a file on the host; the outputs must be identical. Then
# speedtest1 runs against a database file in the ramfs, exits 0 and prints
# its TOTAL.
#
#   sqlite_test.sh --arch A --host-shell SHELL --script SQL
#       --sqlite FILES... --speedtest1 FILES...   (an image's files: the
#       boot artifact is the launcher's name without .run)
set -uo pipefail

# The boot artifact among an image target's files.
image_of() {
	local f
	for f in "$@"; do
		case "$f" in *.run) echo "${f%.run}" ;; esac
	done
}
while [ $# -gt 0 ]; do
	case "$1" in
	--arch) arch=$2; shift 2 ;;
	--host-shell) host_shell=$2; shift 2 ;;
	--script) script=$2; shift 2 ;;
	--sqlite | --speedtest1)
		opt=${1#--} files=()
		shift
		while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do files+=("$1"); shift; done
		printf -v "$opt" %s "$(image_of "${files[@]}")"
		;;
	*) echo "sqlite_test.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
[ -f "$sqlite" ] && [ -f "$speedtest1" ] || { echo "sqlite_test.sh: no image" >&2; exit 2; }
tmp=${TEST_TMPDIR:-$(mktemp -d)}
out=${TEST_UNDECLARED_OUTPUTS_DIR:-$tmp}

fail() {
	echo "FAIL ($arch): $*"
	exit 1
}

# The console carries the kernel's log lines too: the workload's output is
# what lies between its markers, without them.
"$host_shell" "$tmp/host.db" ".read $script" > "$out/host.txt" 2>&1 ||
	fail "the host's shell failed: $(cat "$out/host.txt")"
tools/qemu_run.sh --arch "$arch" --image "$sqlite" --timeout 600 \
	--append "/tmp/workload.db '.read /srv/sql/workload.sql'" \
	> "$out/image.log" 2>&1 < /dev/null
status=$?
[ $status = 0 ] || fail "the image's shell exited with $status: $(cat "$out/image.log")"
tr -d '\r' < "$out/image.log" |
	sed -n '/^-- workload start$/,/^-- workload end$/p' |
	grep -vE '^\[(DEBUG|INFO|WARN|ERR|CRIT)\] ' > "$out/image.txt"
grep -q '^-- workload end$' "$out/image.txt" ||
	fail "the workload did not finish: $(cat "$out/image.log")"
diff -u "$out/host.txt" "$out/image.txt" ||
	fail "the image's output differs from the host's"
echo "ok: workload output identical to the host's ($(wc -l < "$out/host.txt") lines)"
# A database file, not memory: the rollback journal mode a file has.
grep -qx delete "$out/image.txt" || fail "journal mode is not 'delete'"

tools/qemu_run.sh --arch "$arch" --image "$speedtest1" --timeout 900 \
	--append "--size 10 /tmp/speedtest1.db" > "$out/speedtest1.log" 2>&1 < /dev/null
status=$?
tr -d '\r' < "$out/speedtest1.log" | grep -E '^ *[0-9]+ - |TOTAL'
[ $status = 0 ] || fail "speedtest1 exited with $status"
grep -qE 'TOTAL\.+ +[0-9.]+s' "$out/speedtest1.log" || fail "speedtest1 printed no TOTAL"
echo "PASS ($arch)"
