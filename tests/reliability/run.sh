#!/usr/bin/env bash
# Reliability suite of a server image (issue 18): boots it in QEMU with a
# NIC on QEMU's user network (host forward on 127.0.0.1 only), waits for
# its ready line and first answer, runs hostile.py's cases against it,
# then requires that QEMU is still running and the server still answers.
# Run from the repository root (or a test's runfiles).
#
#   run.sh --arch A --server httpepoll|httpreply|nginx|redis
#          [--scale short|long]
#          [--latency SECONDS] [--boot-cases] --files IMAGE_OUTPUTS...
#          [--storm-client CLIENT_IMAGE_OUTPUTS...] [-- CASE...]
#
# --boot-cases first boots the image with bad command lines (too many
# arguments, over-long, unbalanced quotes and stray escapes, control
# characters), the first of them with more CPUs than lcpu_maxcount, then
# with no NIC, and asks the launcher for less memory than the image
# needs. Pass: each boot with a bad command line still reaches the
# server, which answers its page; too many arguments and CPUs get the
# kernel's warnings; with no NIC the kernel says so and the server still
# starts; -m 1 is refused before QEMU starts, with the image's minimum.
#
# --storm-client (httpepoll only) names storm_client's image: the storm
# case then runs between two guests (run_storm.sh: 1,000 connections
# short, 10,000 long) instead of from the host through QEMU's user
# network, which cannot carry 10,000.
#
# nginx and Redis (manual, //images:{nginx,redis}_<arch>): the same
# command with --server nginx or redis; --boot-cases is for the demos
# (their command line is the application's).
#
# The long run, from the repository root (counts in hostile.py's SCALES):
#   bazel build //images:httpepoll_x86_64 \
#     //tests/reliability:storm_client_x86_64 && tests/reliability/run.sh \
#     --arch x86_64 --server httpepoll --scale long \
#     --files bazel-bin/images/httpepoll_x86_64.run \
#     --storm-client bazel-bin/tests/reliability/storm_client_x86_64
set -uo pipefail

arch= server= scale=short latency=1 boot_cases= files=() cases=()
storm_client=()
while [ $# -gt 0 ]; do
	case "$1" in
	--arch) arch=$2; shift 2 ;;
	--server) server=$2; shift 2 ;;
	--scale) scale=$2; shift 2 ;;
	--latency) latency=$2; shift 2 ;;
	--boot-cases) boot_cases=1; shift ;;
	--files) shift; while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do files+=("$1"); shift; done ;;
	--storm-client) shift; while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do storm_client+=("$1"); shift; done ;;
	--) shift; cases=("$@"); break ;;
	*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
image=
for f in "${files[@]}"; do
	case "$f" in *.run) image=${f%.run} ;; esac
done
[ -n "$arch" ] && [ -n "$server" ] && [ -f "$image" ] ||
	{ echo "run.sh: need --arch, --server and --files with a .run" >&2; exit 2; }
if [ ${#storm_client[@]} -gt 0 ] && [ "$server" != httpepoll ]; then
	echo "run.sh: --storm-client needs --server httpepoll" >&2
	exit 2
fi
out=${TEST_UNDECLARED_OUTPUTS_DIR:-${TEST_TMPDIR:-$(mktemp -d /tmp/tessera-reliability.XXXXXX)}}
log=$out/serial.log
boot_s=${TESSERA_BOOT_TIMEOUT:-240}

fail() {
	echo "FAIL: $*"
	echo "----- serial log ($arch, $server) -----"
	cat "$log"
	echo "----- end of serial log -----"
	exit 1
}

# QEMU's user network holds a host socket per guest connection, and the
# storm's client one per connection: both need more than the usual 1,024.
ulimit -n "$(ulimit -Hn)"

ready='istening on port' guest_port=8123 app_args=
case $server in
nginx) ready='nginx/1\.' ;;
redis)
	ready='Ready to accept connections' guest_port=6379
	app_args="--save '' --appendonly no --protected-mode no --ignore-warnings ARM64-COW-BUG"
	;;
esac
# Whether the server answers a normal request.
answers() {
	if [ "$server" = redis ]; then
		[ "$(timeout 5 redis-cli -h 127.0.0.1 -p "$port" PING 2> /dev/null)" = PONG ]
	else
		curl -s -m 5 -o /dev/null "http://127.0.0.1:$port/"
	fi
}

port=$(python3 -c 'import socket; s = socket.socket();
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# Boots the image with the kernel command line $1 (none if empty) and
# QEMU arguments $2... and waits until the server is ready and the NIC
# has its lease: the first answer. With nonet set, boots it without a NIC
# and waits for the ready line only.
# Its own session, so that the whole QEMU process group can be stopped.
nonet=
boot() {
	local append=() net=(--net --guest-port "$guest_port")
	[ -n "$1" ] && append=(--append "$1")
	shift
	[ -n "$nonet" ] && net=()
	TESSERA_HTTP_PORT=$port setsid tools/qemu_run.sh --arch "$arch" \
		--image "$image" --timeout 86400 "${net[@]}" "${append[@]}" \
		-- "$@" > "$log" 2>&1 < /dev/null &
	qemu=$!
	local deadline=$((SECONDS + boot_s))
	until grep -Eq "$ready" "$log" 2> /dev/null &&
		{ [ -n "$nonet" ] || answers; }; do
		kill -0 "$qemu" 2> /dev/null || fail "QEMU exited before serving"
		[ $SECONDS -lt $deadline ] || fail "no page within ${boot_s}s"
		sleep 0.2
	done
}
stop() {
	kill -- -"$qemu" 2> /dev/null
	wait "$qemu" 2> /dev/null
}
trap stop EXIT

if [ -n "$boot_cases" ]; then
	many=$(printf 'arg%d ' $(seq 1 300))
	long=$(head -c 6000 /dev/zero | tr '\0' x)
	garbage=$'a "unterminated \\ \'x\\\\ \x01\x02\x1b[2J\x7f\xff'
	# One CPU more than the demos' lcpu_maxcount (the default, 16);
	# arm64's virt machine takes more than 8 CPUs with a GICv3.
	smp=(-smp 17)
	[ "$arch" = arm64 ] && smp+=(-M virt,gic-version=3)
	for name in many long garbage; do
		if [ $name = many ]; then
			boot "${!name}" "${smp[@]}"
			grep -q 'arguments, the rest are dropped' "$log" ||
				fail "boot with 300 arguments: no warning"
			grep -Eq 'lcpu: .*lcpu_maxcount' "$log" ||
				fail "boot with -smp 17: no warning"
		else
			boot "${!name}"
		fi
		stop
		echo "PASS boot with a bad command line: $name"
	done
	echo "PASS boot with more CPUs than lcpu_maxcount: -smp 17"
	nonet=1
	boot ""
	nonet=
	grep -q 'no network device' "$log" || fail "boot with no NIC: no warning"
	stop
	echo "PASS boot with no NIC"
	tools/qemu_run.sh --arch "$arch" --image "$image" -- -m 1 \
		> "$log" 2>&1 < /dev/null
	status=$?
	[ $status -eq 2 ] && grep -q 'is less than the' "$log" ||
		fail "-m 1: launcher status $status, not refused"
	echo "PASS -m 1 refused by the launcher"
fi

boot "$app_args"
skip=()
[ ${#storm_client[@]} -gt 0 ] && skip=(--skip storm)
python3 tests/reliability/hostile.py --port "$port" --server "$server" \
	--scale "$scale" --latency "$latency" --log "$log" "${skip[@]}" \
	"${cases[@]}"
status=$?
kill -0 "$qemu" 2> /dev/null || fail "QEMU exited during the suite"
[ $status -eq 0 ] || fail "hostile.py: a case failed"
if [ ${#skip[@]} -gt 0 ] &&
	{ [ ${#cases[@]} -eq 0 ] || [[ " ${cases[*]} " == *" storm "* ]]; }; then
	stop
	storm_count=1000
	[ "$scale" = long ] && storm_count=10000
	tests/reliability/run_storm.sh --arch "$arch" --count "$storm_count" \
		--latency "$(awk -v s="$latency" 'BEGIN { print int(s * 1000) }')" \
		--server "${files[@]}" \
		--client "${storm_client[@]}" ||
		{ echo "FAIL: the storm between two guests"; exit 1; }
fi
echo "PASS: $server ($arch) survived: ${cases[*]:-every case} ($scale)"
