# Shared by the system tests that boot a networked image and talk to it
# from the host (http, nginx, redis and Redis-suite tests). Source it from
# the runfiles root after setting arch:
#
#   source tests/system/net_image_lib.sh
#   net_image_pick "${files[@]}"     # the image: the launcher's (.run) file
#   net_image_boot "READY LINE" [qemu_run.sh options...]
#
# It picks a free port on 127.0.0.1 ($port), boots the image with QEMU's
# forward from it ($log holds the serial console, $qemu the runner), stops
# QEMU on exit, and waits for the readiness line (never a fixed sleep).
# fail MESSAGE prints the serial log and exits 1.

tmp=${TEST_TMPDIR:-$(mktemp -d)}
log=${TEST_UNDECLARED_OUTPUTS_DIR:-$tmp}/serial.log
boot_timeout=${TESSERA_QEMU_TIMEOUT:-240}

fail() {
	echo "FAIL ($arch): $*"
	echo "----- serial log ($arch, $image) -----"
	cat "$log"
	echo "----- end of serial log -----"
	exit 1
}

net_image_pick() {
	local f
	image=
	for f in "$@"; do
		case "$f" in *.run) image=${f%.run} ;; esac
	done
}

net_image_cleanup() {
	kill "$qemu" 2> /dev/null
	pkill -P "$qemu" 2> /dev/null
	wait "$qemu" 2> /dev/null
}

net_image_boot() {
	local ready=$1 deadline
	shift
	for _ in $(seq 1 50); do
		port=$((20000 + RANDOM % 20000))
		(exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null || break
	done
	TESSERA_HTTP_PORT=$port tools/qemu_run.sh --arch "$arch" \
		--image "$image" --net "$@" > "$log" 2>&1 < /dev/null &
	qemu=$!
	trap net_image_cleanup EXIT
	deadline=$((SECONDS + boot_timeout))
	until grep -q "$ready" "$log"; do
		kill -0 "$qemu" 2> /dev/null ||
			fail "QEMU exited before '$ready'"
		[ $SECONDS -lt $deadline ] ||
			fail "no '$ready' line after ${boot_timeout}s"
		sleep 0.1
	done
}
