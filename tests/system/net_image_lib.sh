# Shared by the system tests that boot a networked image and talk to it
# from the host (http, nginx, redis and Redis-suite tests). Source it from
# the runfiles root after setting arch:
#
#   source tests/system/net_image_lib.sh
#   net_image_args "arch page" "files" "$@"   # the script's options
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

# net_image_args "SCALARS" "LISTS" ARGS...: the script's options. For each
# NAME of SCALARS, --NAME VALUE sets $NAME; for each of LISTS, --NAME V...
# sets the array NAME to the values up to the next --option (a dash in an
# option is an underscore in its name). Anything else: exit 2.
net_image_args() {
	local scalars=" $1 " lists=" $2 " name values
	shift 2
	while [ $# -gt 0 ]; do
		name=${1#--}
		# Not an option: a name that no list holds.
		[ "--$name" = "$1" ] && [ -n "$name" ] || name=-
		name=${name//-/_}
		if [[ $scalars == *" $name "* ]] && [ $# -ge 2 ]; then
			printf -v "$name" %s "$2"
			shift 2
		elif [[ $lists == *" $name "* ]]; then
			shift
			values=()
			while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do
				values+=("$1")
				shift
			done
			eval "$name=(\"\${values[@]}\")"
		else
			echo "$(basename "$0"): unknown option $1" >&2
			exit 2
		fi
	done
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
