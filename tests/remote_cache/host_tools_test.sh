#!/usr/bin/env bash
# @host_tools//:versions.txt names the packages that QEMU tests depend
# on, tools/host_tools.sh --check accepts it on this host and rejects a
# changed version, and tools/qemu_run.sh refuses to boot in a test that
# lacks the file or whose versions differ from the host's.
#
#   host_tools_test.sh VERSIONS_TXT IMAGE
set -uo pipefail
versions=$1 image=$2
fail() {
	echo "FAIL: $*"
	exit 1
}

for pkg in qemu-system-x86 qemu-system-arm qemu-system-data seabios \
	ipxe-qemu libslirp0 llvm-19 curl wrk redis-tools; do
	grep -q "^$pkg " "$versions" || fail "$versions does not name $pkg"
done
tools/host_tools.sh --check "$versions" ||
	fail "host_tools.sh --check rejects the versions just recorded"

fake=$TEST_TMPDIR/srcdir
mkdir -p "$fake/host_tools"
sed 's/^\(qemu-system-x86\) [^ ]*/\1 0.0-older/' "$versions" \
	> "$fake/host_tools/versions.txt"
out=$(tools/host_tools.sh --check "$fake/host_tools/versions.txt" 2>&1) &&
	fail "host_tools.sh --check accepts a changed QEMU version"
echo "$out" | grep -q '0.0-older' || fail "no difference shown: $out"

# qemu_run.sh, in a test whose recorded versions differ, and in one
# without the file: exit 2 with the reason, and QEMU never starts.
run() {
	TEST_SRCDIR=$fake tools/qemu_run.sh --arch x86_64 --image "$image" \
		--timeout 60 2>&1
}
out=$(run)
rc=$?
[ "$rc" -eq 2 ] || fail "stale versions: exit $rc, expected 2: $out"
echo "$out" | grep -q 'differ from' || fail "stale versions: $out"
echo "$out" | grep -q 'Hello from Tessera' && fail "QEMU ran: $out"
rm "$fake/host_tools/versions.txt"
out=$(run)
rc=$?
[ "$rc" -eq 2 ] || fail "no versions.txt: exit $rc, expected 2: $out"
echo "$out" | grep -q 'qemu_runner' || fail "no versions.txt: $out"
echo "PASS"
