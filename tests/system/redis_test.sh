#!/usr/bin/env bash
# System test of the Redis image with Debian's own client: boot it with a
# port forward on 127.0.0.1, wait for "Ready to accept connections", then
# redis-cli PING, SET, GET, INCR and DEL, and a short redis-benchmark of
# SET and GET with no errors. The first connection arrives after Redis has
# started its background threads: lwIP keys its sequence numbers then, on
# its own kernel thread (that used to crash with a #GP). Protected mode is
# off: clients reach the guest through QEMU's forward from 127.0.0.1, so
# Redis sees them come from the user network's gateway, not loopback. On
# arm64 Redis probes Linux's fork/COW bug through /proc/sys/kernel/osrelease
# and stops when it cannot tell; there is no fork here.
#
#   redis_test.sh --arch A --files IMAGE.run
set -uo pipefail

arch= files=()
while [ $# -gt 0 ]; do
	case "$1" in
	--arch) arch=$2; shift 2 ;;
	--files) shift; while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do files+=("$1"); shift; done ;;
	*) echo "redis_test.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
image=
for f in "${files[@]}"; do
	case "$f" in *.run) image=${f%.run} ;; esac
done
source tests/system/net_image_lib.sh
net_image_boot "Ready to accept connections" --guest-port 6379 --timeout 600 \
	--append "--save '' --appendonly no --protected-mode no --ignore-warnings ARM64-COW-BUG"

cli() { timeout 30 redis-cli -h 127.0.0.1 -p "$port" "$@"; }
expect() {
	local want=$1 got
	shift
	got=$(cli "$@" 2>&1) || fail "redis-cli $*: exit status $? ($got)"
	[ "$got" = "$want" ] || fail "redis-cli $*: '$got', expected '$want'"
	echo "ok: $* -> $got"
}
expect PONG PING
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
	echo "$out" | tr '\r' '\n' | grep -qE "^$t: [0-9.]+ requests per second" ||
		fail "redis-benchmark gave no $t figure: $out"
done
kill -0 "$qemu" 2> /dev/null || fail "the guest stopped during the test"
grep -q "CRASH" "$log" && fail "crash report on the console"
expect PONG PING
echo "PASS ($arch)"
