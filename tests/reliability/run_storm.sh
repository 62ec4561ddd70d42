#!/usr/bin/env bash
# Connection storm between two guests (issue 18): httpepoll (-m 64, no
# idle timeout) and storm_client on a network of their own, a QEMU
# "stream" netdev over a Unix socket: no host network stack, no QEMU user
# network (whose forwarded port takes 2-3 connections/s past ~100), no
# ports to collide with other tests. Static addresses: server 10.0.5.1,
# client 10.0.5.2. Run from the repository root (or a test's runfiles).
#
#   run_storm.sh --arch A --count N --server IMAGE_FILES... \
#                --client IMAGE_FILES... [--client-mem MIB] [--latency MS]
#
# IMAGE_FILES are an image's outputs ($(rootpaths), or bazel-bin/...):
# the boot file is the one with no extension (or a launcher's .run
# stripped).
# Pass: the client establishes N connections, httpepoll's console counts
# N open at once (its "N connections open" line: only connections the
# server really accepted), the client's new request is answered within
# --latency ms (1000) and none of the N was closed meanwhile.
#
# The 10,000 run, from the repository root:
#   ./bazelw build //images:httpepoll_x86_64 \
#       //tests/reliability:storm_client_x86_64
#   tests/reliability/run_storm.sh --arch x86_64 --count 10000 \
#       --server bazel-bin/images/httpepoll_x86_64 \
#       --client bazel-bin/tests/reliability/storm_client_x86_64
set -uo pipefail

arch= count=1000 client_mem=256 latency=1000 server=() client=()
files() {
	local f
	for f in "$@"; do
		case "${f##*/}" in
		*.run) echo "${f%.run}"; return ;;
		*.*) ;;
		*) echo "$f"; return ;;
		esac
	done
}
while [ $# -gt 0 ]; do
	case "$1" in
	--arch) arch=$2; shift 2 ;;
	--count) count=$2; shift 2 ;;
	--client-mem) client_mem=$2; shift 2 ;;
	--latency) latency=$2; shift 2 ;;
	--server) shift; while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do server+=("$1"); shift; done ;;
	--client) shift; while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do client+=("$1"); shift; done ;;
	*) echo "run_storm.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
server_img=$(files "${server[@]}")
client_img=$(files "${client[@]}")
if [ -z "$arch" ] || [ ! -f "$server_img" ] || [ ! -f "$client_img" ]; then
	echo "run_storm.sh: need --arch, --server and --client images" >&2
	exit 2
fi
case "$arch" in
x86_64) nic=virtio-net-pci ;;
arm64) nic=virtio-net-device ;;
*) echo "run_storm.sh: unknown arch $arch" >&2; exit 2 ;;
esac
out=${TEST_UNDECLARED_OUTPUTS_DIR:-${TEST_TMPDIR:-$(mktemp -d /tmp/tessera-storm.XXXXXX)}}
server_log=$out/server.log
client_log=$out/client.log
boot_s=${TESSERA_BOOT_TIMEOUT:-240}
# A Unix socket path must fit in 108 bytes: a short directory of its own.
sock_dir=$(mktemp -d /tmp/tessera-storm.XXXXXX) || exit 2
sock=$sock_dir/net

server_pid=
stop() {
	[ -n "$server_pid" ] && kill -- -"$server_pid" 2> /dev/null &&
		wait "$server_pid" 2> /dev/null
	rm -rf "$sock_dir"
}
trap stop EXIT
fail() {
	echo "FAIL: $*"
	echo "----- server console ($arch) -----"
	cat "$server_log"
	echo "----- client console ($arch) -----"
	cat "$client_log" 2> /dev/null
	echo "----- end -----"
	exit 1
}

# The server listens on the socket; its own session, so that the whole
# QEMU process group can be stopped.
setsid tools/qemu_run.sh --arch "$arch" --image "$server_img" \
	--timeout 86400 --append "netdev.ip=10.0.5.1/24 idle_timeout=0" -- \
	-m 64 -netdev "stream,id=n0,server=on,addr.type=unix,addr.path=$sock" \
	-device "$nic,netdev=n0,mac=52:54:00:00:05:01" \
	> "$server_log" 2>&1 < /dev/null &
server_pid=$!
deadline=$((SECONDS + boot_s))
until grep -q 'listening on port' "$server_log" && [ -S "$sock" ]; do
	kill -0 "$server_pid" 2> /dev/null || fail "server QEMU exited"
	[ $SECONDS -lt $deadline ] || fail "server not listening in ${boot_s}s"
	sleep 0.2
done

# Each step of the client (opening, the new client) gets a bound that
# grows with the count.
client_args="count=$count limit=$((60 + count / 50))"
start=$SECONDS
tools/qemu_run.sh --arch "$arch" --image "$client_img" \
	--timeout $((boot_s + 600)) \
	--append "netdev.ip=10.0.5.2/24 server=10.0.5.1:8123 $client_args" -- \
	-m "$client_mem" \
	-netdev "stream,id=n0,server=off,addr.type=unix,addr.path=$sock" \
	-device "$nic,netdev=n0,mac=52:54:00:00:05:02" \
	> "$client_log" 2>&1 < /dev/null
rc=$?
elapsed=$((SECONDS - start))
[ $rc -eq 0 ] || fail "client exited with status $rc"
# httpepoll prints every hundredth new most of connections open at once.
held=$(sed -n 's/^httpepoll: \([0-9]*\) connections open.*/\1/p' \
	"$server_log" | tail -n 1)
[ "${held:-0}" -ge $((count - count % 100)) ] ||
	fail "httpepoll counted ${held:-no} connections open, not $count"
ms=$(tr -d '\r' < "$client_log" |
	sed -n 's/^storm: new client served in \([0-9]*\) ms$/\1/p')
[ -n "$ms" ] && [ "$ms" -le "$latency" ] ||
	fail "new client served in ${ms:-no} ms, over $latency ms"
kill -0 "$server_pid" 2> /dev/null || fail "server QEMU exited"
grep '^storm: .*established' "$client_log"
grep "^httpepoll: $held connections open" "$server_log"
echo "PASS: $count idle connections held by httpepoll ($arch, -m 64)," \
	"a new client served in $ms ms; client run ${elapsed}s"
