#!/usr/bin/env bash
# Redis's own test suite, from the pinned source tree, against the Redis
# image as an external server (test_helper.tcl --host/--port: tests tagged
# external:skip are left out by the suite itself). Boots the image, copies
# the suite's tests/ directory (it writes tests/tmp), runs the units and
# passes when the suite reports no error and no exception. The AOF is on
# from the start (CONFIG SET appendonly yes at run time would rewrite it
# in a child, a fork; expire.tcl's loadaof tests ask for it). Prints the
# number of tests that passed and were skipped.
#
# Without --units it runs the full suite (test_helper.tcl's ::all_tests)
# one unit at a time against the same server: a test client's exception
# (a command that needs a fork, e.g. BGREWRITEAOF) ends the whole suite,
# here only its unit, and the next unit runs. Each unit's counts are
# printed ("unit U: ...").
#
#   redis_suite_test.sh --arch A --helper tests/test_helper.tcl
#       --files IMAGE.run [--units UNIT...]   (no --units: the full suite)
set -uo pipefail

arch= helper= files=() units=()
source tests/system/net_image_lib.sh
net_image_args "arch helper" "files units" "$@"

# Tests left out, and why (README, "Redis's test suite"):
skip=(
	# They attach to the replication stream (SYNC: a fork for BGSAVE),
	# tagged needs:debug upstream rather than needs:repl.
	"MULTI + LPUSH + EXPIRE + DEBUG SLEEP on blocked client, key already expired"
	"SWAPDB wants to wake blocked client, but the key already expired"
	"RANDOMKEY: Lazy-expire should not be wrapped in MULTI/EXEC"
	"SCAN: Lazy-expire should not be wrapped in MULTI/EXEC"
	# They run BGSAVE or BGREWRITEAOF, which fork (unit/type/set,
	# unit/type/stream, unit/type/stream-cgroups, unit/other).
	"SRANDMEMBER with a dict containing long chain"
	"Empty stream can be rewrite into AOF correctly"
	"Stream can be rewrite into AOF correctly after XDEL lastid"
	"Consumer without PEL is present in AOF after AOFRW"
	"Empty stream with no lastid can be rewrite into AOF correctly"
	"BGSAVE"
	"Same dataset digest if saving/reloading as AOF?"
	"EXPIRES after a reload (snapshot + append only file rewrite)"
	# Its TTL bound leaves 8 s for DEBUG LOADAOF; replaying the AOF the
	# suite has written by then took 12 s under TCG.
	"SET - use KEEPTTL option, TTL should not be removed after loadaof"
	# Expects CONFIG SET port to fail on a port the suite holds on the
	# host; the guest cannot see host ports, so Redis moves off the
	# forwarded port and every later unit fails to connect.
	"CONFIG SET rollback on apply error"
	# Assumes the server reads three connections in the order the client
	# wrote them, without waiting for the clients to block; the first
	# client waits forever here.
	"BRPOPLPUSH with multiple blocked clients"
)
args=(--host 127.0.0.1 --clients 1 --timeout 300 --tags -needs:repl)
for t in "${skip[@]}"; do
	args+=(--skiptest "$t")
done
# The full suite's AOF grows with every unit, and the stream unit's DEBUG
# LOADAOF tests ran Redis out of memory at 256 MiB.
per_unit= mem=256
if [ ${#units[@]} -eq 0 ]; then
	per_unit=1 mem=1024
	mapfile -t units < <(sed -n '/^set ::all_tests {/,/^}/p' "$helper" |
		sed '1d;$d' | tr -s ' \t' '\n' | grep -v '^$')
	[ ${#units[@]} -gt 0 ] || { echo "no ::all_tests in $helper" >&2; exit 2; }
fi

net_image_pick "${files[@]}"
suite=$tmp/redis
mkdir -p "$suite"
cp -rL "$(dirname "$helper")" "$suite/tests" || fail "cannot copy the suite"
chmod -R u+w "$suite"
# integration/redis-cli runs src/redis-cli: Debian's redis-tools, the same
# version (7.0.15) as the pinned tree, which the suite's tree does not build.
mkdir -p "$suite/src"
ln -s "$(command -v redis-cli)" "$suite/src/redis-cli" || fail "no redis-cli"
net_image_boot "Ready to accept connections" --guest-port 6379 --timeout 7200 \
	--append "--save '' --dir /tmp --appendonly yes --enable-debug-command yes \
--protected-mode no --ignore-warnings ARM64-COW-BUG" -- -m "$mem"

# The tests that compare TTLs with the host's clock (EXAT, PXAT, EXPIREAT)
# need the guest's clock placed on the RTC's changes (README "Wall clock"):
# the kernel says when.
deadline=$((SECONDS + 120))
until grep -q "realtime: placed on" "$log"; do
	kill -0 "$qemu" 2> /dev/null || fail "QEMU exited before the clock was placed"
	[ $SECONDS -lt $deadline ] || fail "no 'realtime: placed on' line after 120 s"
	sleep 0.1
done

out=$tmp/suite.log
suite_run() {
	(cd "$suite" && timeout "$1" tclsh8.6 tests/test_helper.tcl \
		--port "$port" "${args[@]}" "${@:2}")
}
if [ -n "$per_unit" ]; then
	status=0
	: > "$out"
	for u in "${units[@]}"; do
		suite_run 1200 --single "$u" > "$tmp/unit.log" 2>&1 || status=1
		cat "$tmp/unit.log" >> "$out"
		sed 's/\x1b\[[0-9;]*m//g' "$tmp/unit.log" |
			awk -v u="$u" '/^\[ok\]/ { ok++ } /^\[err\]/ { err++ }
				/^\[exception\]/ { exc++ }
				END { printf "unit %s: %d passed, %d failed, %d exceptions\n", u, ok, err, exc }'
		kill -0 "$qemu" 2> /dev/null || break
	done
else
	unit_args=()
	for u in "${units[@]}"; do
		unit_args+=(--single "$u")
	done
	suite_run 3000 "${unit_args[@]}" > "$out" 2>&1
	status=$?
fi
# The suite colours its verdicts; the counts read them without colour.
sed 's/\x1b\[[0-9;]*m//g' "$out" > "$out.txt"
cat "$out.txt"
passed=$(grep -c '^\[ok\]' "$out.txt")
skipped=$(grep -c '^\[skip\]' "$out.txt")
failed=$(grep -cE '^\[(err|exception)\]' "$out.txt")
echo "Redis test suite ($arch): $passed passed, $failed failed, $skipped skipped by name"
[ "$status" = 0 ] || fail "the suite exited with status $status"
[ "$failed" = 0 ] || fail "$failed tests failed"
[ "$passed" -gt 0 ] || fail "no test ran"
kill -0 "$qemu" 2> /dev/null || fail "the guest stopped during the suite"
echo "PASS ($arch)"
