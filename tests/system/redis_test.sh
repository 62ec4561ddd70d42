#!/usr/bin/env bash
# System test of the Redis image with Debian's own client: boot it with a
# port forward on 127.0.0.1 and the rootfs's configuration file
# (/etc/redis/redis.conf: its settings are checked with CONFIG GET), wait
# for "Ready to accept connections", then redis-cli PING, SET, GET, INCR
# and DEL, and a short redis-benchmark of SET and GET with no errors. The
# first connection arrives after Redis has started its background threads:
# lwIP keys its sequence numbers then, on its own kernel thread (that used
# to crash with a #GP). Protected mode is off: clients reach the guest
# through QEMU's forward from 127.0.0.1, so Redis sees them come from the
# user network's gateway, not loopback. On arm64 Redis probes Linux's
# fork/COW bug through /proc/sys/kernel/osrelease and stops when it cannot
# tell; there is no fork here (ignore-warnings). Persistence goes to the
# ramfs (dir /tmp): SAVE writes dump.rdb and DEBUG RELOAD reads it back;
# appendonly yes with fsync everysec (Redis's bio threads) logs every
# write and DEBUG LOADAOF replays it. BGSAVE and BGREWRITEAOF fork, and
# fork is ENOSYS: both answer an error and Redis keeps serving. The
# automatic save points (which would BGSAVE, fail, and then refuse writes
# under stop-writes-on-bgsave-error) are off: save "".
#
#   redis_test.sh --arch A --files IMAGE.run
set -uo pipefail

arch= files=()
source tests/system/net_image_lib.sh
net_image_args "arch" "files" "$@"
net_image_pick "${files[@]}"
net_image_boot "Ready to accept connections" --guest-port 6379 --timeout 600 \
	--append "/etc/redis/redis.conf --enable-debug-command yes"

cli() { timeout 30 redis-cli -h 127.0.0.1 -p "$port" "$@"; }
expect() {
	local want=$1 got
	shift
	got=$(cli "$@" 2>&1) || fail "redis-cli $*: exit status $? ($got)"
	[ "$got" = "$want" ] || fail "redis-cli $*: '$got', expected '$want'"
	echo "ok: $* -> $got"
}
expect PONG PING
expect $'dir\n/tmp' CONFIG GET dir
expect save CONFIG GET save
expect $'appendfsync\neverysec' CONFIG GET appendfsync
expect $'protected-mode\nno' CONFIG GET protected-mode
expect $'ignore-warnings\nARM64-COW-BUG' CONFIG GET ignore-warnings
expect OK SET tessera "hello from the unikernel"
expect "hello from the unikernel" GET tessera
expect 1 INCR counter
expect 2 INCR counter
expect 1 DEL tessera
expect "" GET tessera

out=$(timeout 120 redis-benchmark -h 127.0.0.1 -p "$port" -n 2000 -c 4 \
	-t set,get -q 2>&1) || fail "redis-benchmark failed: $out"
echo "$out" | tr '\r' '\n' | grep -E '^(SET|GET): ' | tail -2
for t in SET GET; do
	tr '\r' '\n' <<< "$out" | grep -E "^$t: [0-9.]+ requests per second" > /dev/null ||
		fail "redis-benchmark gave no $t figure: $out"
done

# Persistence: values of three types survive a SAVE + reload and an AOF
# replay. DEBUG RELOAD saves dump.rdb, empties the data set and loads it.
expect OK SET persisted "kept on the ramfs"
expect 3 RPUSH plist a b c
expect 2 HSET phash f1 v1 f2 v2
expect OK SAVE
expect 1 EXISTS persisted
expect OK DEBUG RELOAD
expect "kept on the ramfs" GET persisted
expect $'a\nb\nc' LRANGE plist 0 -1
expect v2 HGET phash f2
info=$(cli INFO persistence | tr -d '\r')
grep -q '^rdb_last_save_time:[1-9]' <<< "$info" || fail "no RDB save: $info"
grep -q '^rdb_changes_since_last_save:0$' <<< "$info" ||
	fail "changes after SAVE: $info"
# The AOF: a write after the reload, then DEBUG LOADAOF flushes the AOF,
# empties the data set and replays the file.
expect OK SET afterwards "from the AOF"
expect 4 RPUSH plist d
expect OK DEBUG LOADAOF
expect "from the AOF" GET afterwards
expect $'a\nb\nc\nd' LRANGE plist 0 -1
info=$(cli INFO persistence | tr -d '\r')
grep -q '^aof_enabled:1$' <<< "$info" || fail "AOF off: $info"
grep -q '^aof_last_write_status:ok$' <<< "$info" ||
	fail "AOF write failed: $info"
# No fork: BGSAVE and BGREWRITEAOF fail with an error reply, nothing else.
expect ERR BGSAVE
expect "ERR Can't execute an AOF background rewriting. Please check the server logs for more information." BGREWRITEAOF
grep -q "Can't save in background: fork: Function not implemented" "$log" ||
	fail "BGSAVE's log line is missing"
expect "from the AOF" GET afterwards

kill -0 "$qemu" 2> /dev/null || fail "the guest stopped during the test"
grep -q "CRASH" "$log" && fail "crash report on the console"
expect PONG PING
echo "PASS ($arch)"
