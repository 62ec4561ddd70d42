#!/usr/bin/env bash
# httpepoll's idle_timeout= argument (issue 18). Run from the repository
# root (or a test's runfiles):
#
#   idle_timeout.sh --arch A --files IMAGE_OUTPUTS...
#
# Pass: with idle_timeout=1 a client that sends nothing is closed within
# 1 to 15 s (the default is 30 s), and a client that sends a request is
# answered; idle_timeout=x stops the server with a message and status 2.
set -uo pipefail

arch= image=
while [ $# -gt 0 ]; do
	case "$1" in
	--arch) arch=$2; shift 2 ;;
	--files)
		shift
		while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do
			case "${1##*/}" in
			*.run) image=${1%.run} ;;
			*.*) ;;
			*) image=$1 ;;
			esac
			shift
		done
		;;
	*) echo "idle_timeout.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
if [ -z "$arch" ] || [ ! -f "$image" ]; then
	echo "idle_timeout.sh: need --arch and --files with the image" >&2
	exit 2
fi
out=${TEST_UNDECLARED_OUTPUTS_DIR:-${TEST_TMPDIR:-$(mktemp -d /tmp/tessera-idle.XXXXXX)}}
log=$out/serial.log
boot_s=${TESSERA_BOOT_TIMEOUT:-240}
fail() {
	echo "FAIL: $*"
	echo "----- serial log ($arch) -----"
	cat "$log"
	echo "----- end of serial log -----"
	exit 1
}

tools/qemu_run.sh --arch "$arch" --image "$image" --timeout 60 \
	--append "idle_timeout=x" > "$log" 2>&1 < /dev/null
rc=$?
[ $rc -eq 2 ] || fail "idle_timeout=x: exit status $rc, not 2"
grep -q 'idle_timeout= takes seconds' "$log" ||
	fail "idle_timeout=x: no message"
echo "PASS idle_timeout=x refused"

port=$(python3 -c 'import socket; s = socket.socket();
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
TESSERA_HTTP_PORT=$port setsid tools/qemu_run.sh --arch "$arch" \
	--image "$image" --timeout 86400 --net --append "idle_timeout=1" \
	> "$log" 2>&1 < /dev/null &
qemu=$!
trap 'kill -- -"$qemu" 2> /dev/null; wait "$qemu" 2> /dev/null' EXIT
deadline=$((SECONDS + boot_s))
until grep -q 'listening on port' "$log" &&
	curl -s -m 5 -o /dev/null "http://127.0.0.1:$port/"; do
	kill -0 "$qemu" 2> /dev/null || fail "QEMU exited before serving"
	[ $SECONDS -lt $deadline ] || fail "no page within ${boot_s}s"
	sleep 0.2
done
grep -q 'httpepoll: idle timeout 1 s' "$log" || fail "no idle timeout line"
python3 - "$port" << 'EOF' || fail "idle client"
import socket, sys, time

port = int(sys.argv[1])
# Before the connect: the guest accepts (and starts the idle clock) after
# it, and a loaded host may run this process again only well after the
# connect returned (0.99 s was measured from there once).
t0 = time.monotonic()
idle = socket.create_connection(("127.0.0.1", port), 30)
busy = socket.create_connection(("127.0.0.1", port), 30)
busy.sendall(b"GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
if not busy.recv(64).startswith(b"HTTP/1.1 200"):
    sys.exit("a client with a request was not answered")
idle.settimeout(15)
try:
    data = idle.recv(64)
except socket.timeout:
    sys.exit("an idle client was not closed within 15 s")
except ConnectionResetError:
    data = b""
secs = time.monotonic() - t0
if data:
    sys.exit(f"an idle client got {data!r}")
if secs < 1:
    sys.exit(f"an idle client was closed after {secs:.2f} s, before 1 s")
print(f"PASS idle client closed after {secs:.1f} s (idle_timeout=1)")
EOF
