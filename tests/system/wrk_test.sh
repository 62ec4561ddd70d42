#!/usr/bin/env bash
# QEMU system test of httpepoll: boots the image with a NIC on QEMU user
# networking, checks a page and keep-alive with curl, the eventfd wake-up
# line, then runs wrk with 256 concurrent keep-alive connections for 10 s
# and requires zero socket errors (connect, read, write, timeout) and
# only 2xx responses.
#
#   wrk_test.sh ARCH IMAGE_OUTPUTS...
set -uo pipefail

arch=$1
shift
image=
for f in "$@"; do
	case "$f" in
	*.run) image=${f%.run} ;;
	esac
done
out=${TEST_UNDECLARED_OUTPUTS_DIR:-${TEST_TMPDIR:-/tmp}}
log=$out/serial.log
boot_s=${TESSERA_BOOT_TIMEOUT:-120}
conns=${HTTPEPOLL_WRK_CONNS:-256}
secs=${HTTPEPOLL_WRK_SECONDS:-10}

fail() {
	echo "FAIL: $*"
	echo "----- serial log ($arch) -----"
	cat "$log"
	echo "----- end of serial log -----"
	exit 1
}

[ -n "$image" ] || { echo "FAIL: no image given"; exit 2; }
for tool in curl wrk python3; do
	command -v "$tool" > /dev/null || { echo "FAIL: $tool missing"; exit 2; }
done

# A port nobody listens on, for QEMU's host forward.
port=$(python3 -c 'import socket; s = socket.socket();
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port/

# Its own session, so that the whole QEMU process group can be stopped.
TESSERA_HTTP_PORT=$port setsid tools/qemu_run.sh --arch "$arch" \
	--image "$image" --timeout $((boot_s + secs + 120)) --net \
	> "$log" 2>&1 < /dev/null &
qemu=$!
trap 'kill -- -$qemu 2> /dev/null; wait $qemu 2> /dev/null' EXIT

# Ready when the server listens and the NIC has its DHCP lease: wait for
# the first page rather than for a fixed time.
ready=
for _ in $(seq 1 "$boot_s"); do
	kill -0 "$qemu" 2> /dev/null || fail "QEMU exited before serving"
	if grep -q 'httpepoll: listening' "$log" &&
		curl -s -m 5 -o "$out/page.html" "$url"; then
		ready=1
		break
	fi
	sleep 1
done
[ -n "$ready" ] || fail "no page within ${boot_s}s"
grep -q 'Hello from Tessera' "$out/page.html" || fail "unexpected page"

# Keep-alive: curl reuses its connection for a second URL.
curl -sv -m 10 -o /dev/null -o /dev/null "$url" "$url" > "$out/curl.log" 2>&1
grep -Eqi 're-?using existing connection' "$out/curl.log" ||
	fail "connection not kept alive: $(cat "$out/curl.log")"

# The ticker thread writes the eventfd every second.
for _ in $(seq 1 20); do
	grep -q 'httpepoll: woken by eventfd' "$log" && break
	sleep 1
done
grep -q 'httpepoll: woken by eventfd' "$log" ||
	fail "the eventfd never woke the loop"

wrk -t 2 -c "$conns" -d "${secs}s" --timeout 10s "$url" > "$out/wrk.log" 2>&1
cat "$out/wrk.log"
grep -q 'Requests/sec' "$out/wrk.log" || fail "wrk did not run"
grep -q 'Socket errors' "$out/wrk.log" && fail "wrk reports socket errors"
grep -q 'Non-2xx' "$out/wrk.log" && fail "wrk reports non-2xx responses"
grep -Eq '^ +[1-9][0-9]* requests in' "$out/wrk.log" ||
	fail "wrk completed no request"
kill -0 "$qemu" 2> /dev/null || fail "QEMU exited during the load"
echo "PASS: httpepoll ($arch) under wrk -c $conns for ${secs}s"
