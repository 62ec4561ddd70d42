#!/usr/bin/env bash
# Soak of an HTTP image (issue 18): boots it with "memstat" (the server
# prints the heap in use, from sysinfo, every 2 s), warms it up, reads the
# heap, drives REQUESTS requests through wrk, lets it settle and reads the
# heap again. httpepoll is driven keep-alive, httpreply (and --close) one
# connection per request. Run from the repository root.
#
#   soak.sh --arch A --server httpepoll|httpreply --requests N
#           [--connections C] [--bound BYTES] [--close] [--chunk SECONDS]
#           [--pcap FILE] --files IMAGE_OUTPUTS...
#
# --pcap records every frame at the guest's NIC (QEMU's filter-dump, the
# first 128 bytes of each: headers); the end of the soak then reports the
# connections that paused over 1 s at the guest (pcap_gaps.py): none
# means every slow answer waited outside the guest. Each run prints wrk's
# 99.9th percentile and worst latency.
#
# Pass: wrk sees no socket error (connect, read, write, timeout of 10 s)
# and no answer but 200, except that with --pcap timeouts pass when no
# connection paused over 1 s at the guest's NIC (they waited in QEMU's
# user network, whose listen backlog is 1: README, "The latency tail"); the heap in use after is at most BOUND bytes
# (default 262,144) above the heap before; QEMU still runs and the server
# answers its page. Both heap readings follow a warm-up of more than 256
# connections (lwIP keeps at most 256 pcbs in TIME_WAIT) and 6 s of quiet.
# The figures (README, "Reliability"), e.g.:
#   ./bazelw build //images:httpepoll_x86_64 && tests/reliability/soak.sh \
#     --arch x86_64 --server httpepoll --requests 1000000 \
#     --files bazel-bin/images/httpepoll_x86_64.run
set -uo pipefail

arch= server= requests= conns=16 bound=262144 close= chunk=60 pcap= files=()
while [ $# -gt 0 ]; do
	case "$1" in
	--arch) arch=$2; shift 2 ;;
	--server) server=$2; shift 2 ;;
	--requests) requests=$2; shift 2 ;;
	--connections) conns=$2; shift 2 ;;
	--bound) bound=$2; shift 2 ;;
	--close) close=1; shift ;;
	--chunk) chunk=$2; shift 2 ;;
	--pcap) pcap=$2; shift 2 ;;
	--files) shift; while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do files+=("$1"); shift; done ;;
	*) echo "soak.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
image=
for f in "${files[@]}"; do
	case "$f" in *.run) image=${f%.run} ;; esac
done
[ -n "$arch" ] && [ -n "$server" ] && [ -n "$requests" ] && [ -f "$image" ] ||
	{ echo "soak.sh: need --arch, --server, --requests and --files with a .run" >&2; exit 2; }
[ "$server" = httpreply ] && close=1
out=${TEST_UNDECLARED_OUTPUTS_DIR:-${TEST_TMPDIR:-$(mktemp -d /tmp/tessera-soak.XXXXXX)}}
log=$out/serial.log

fail() {
	echo "FAIL: $*"
	echo "----- last 40 lines of the serial log ($arch, $server) -----"
	tail -n 40 "$log"
	exit 1
}

port=$(python3 -c 'import socket; s = socket.socket();
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port/
dump=()
[ -n "$pcap" ] && dump=(-- -object
	"filter-dump,id=dump0,netdev=n0,file=$pcap,maxlen=128")
TESSERA_HTTP_PORT=$port setsid tools/qemu_run.sh --arch "$arch" \
	--image "$image" --timeout 86400 --net --append memstat "${dump[@]}" \
	> "$log" 2>&1 < /dev/null &
qemu=$!
trap 'kill -- -"$qemu" 2> /dev/null; wait "$qemu" 2> /dev/null' EXIT
deadline=$((SECONDS + ${TESSERA_BOOT_TIMEOUT:-240}))
until grep -q 'heap .* bytes in use' "$log" && curl -s -m 5 -o /dev/null "$url"; do
	kill -0 "$qemu" 2> /dev/null || fail "QEMU exited before serving"
	[ $SECONDS -lt $deadline ] || fail "no page within the boot timeout"
	sleep 0.2
done

# The heap in use once the server is quiet: the last line after 6 s.
heap() {
	sleep 6
	grep -a 'heap .* bytes in use' "$log" | tail -n 1 | awk '{ print $3 }'
}

hdr=()
[ -n "$close" ] && hdr=(-H "Connection: close")
total=0 secs=0 errors=0 timeouts=0
# Runs wrk for $1 seconds; adds to total and secs; a run with an error
# is printed whole and counted in errors, or in timeouts when its only
# errors are timeouts (the soak goes on, for the heap).
drive() {
	local r
	r=$(wrk -t1 -c"$conns" -d"$1"s --timeout 10s "${hdr[@]}" \
		-s "$(dirname "$0")/tail.lua" "$url") ||
		fail "wrk failed: $r"
	n=$(awk '/requests in/ { print $1 }' <<< "$r")
	# wrk prints the duration in ms, s or m.
	t=$(awk '/requests in/ { d = $4; sub(/,$/, "", d); f = 1;
		if (d ~ /ms$/) f = 0.001; else if (d ~ /m$/) f = 60;
		sub(/[a-z]+$/, "", d); print d * f }' <<< "$r")
	if grep -Eq 'Socket errors|Non-2xx' <<< "$r"; then
		echo "$r"
		if grep -q 'Non-2xx' <<< "$r" ||
			! grep -q 'Socket errors: connect 0, read 0, write 0,' <<< "$r"; then
			errors=$((errors + 1))
		else
			timeouts=$((timeouts + 1))
		fi
	fi
	[ -n "$n" ] && [ "$n" -gt 0 ] || fail "wrk counted no request: $r"
	total=$((total + n))
	secs=$(awk -v a="$secs" -v b="$t" 'BEGIN { print a + b }')
	max=$(awk '/^p99.9 / { print $2 " ms, worst " $5 " ms" }' <<< "$r")
}

drive 10
warm=$total
before=$(heap)
echo "warm-up: $warm requests; heap before: $before bytes"
total=0 secs=0
while [ "$total" -lt "$requests" ]; do
	drive "$chunk"
	kill -0 "$qemu" 2> /dev/null || fail "QEMU exited during the soak"
	echo "  $total requests, $(awk -v n="$n" -v s="$t" 'BEGIN { printf "%.0f", n / s }')/s in the last run, $(awk -v n="$total" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')/s in all, latency of the last run: p99.9 $max"
done
after=$(heap)
curl -s -m 10 "$url" | grep -Eq 'Hello from Tessera|It works' ||
	fail "the server no longer answers its page"
kill -0 "$qemu" 2> /dev/null || fail "QEMU exited after the soak"
grow=$((after - before))
echo "$total requests in $secs s ($(awk -v n="$total" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')/s, $conns connections${close:+, one per request}): $errors wrk runs with errors, $timeouts with timeouts only"
echo "heap after: $after bytes ($grow bytes more than before; bound $bound)"
grep -a 'heap .* bytes in use' "$log" | tail -n 1
gaps=
if [ -n "$pcap" ]; then
	echo "at the guest's NIC ($pcap):"
	python3 "$(dirname "$0")/pcap_gaps.py" "$pcap"
	gaps=$?
fi
[ "$grow" -le "$bound" ] || fail "the heap grew by $grow bytes"
[ "$errors" -eq 0 ] || fail "wrk saw errors in $errors runs"
if [ "$timeouts" -gt 0 ]; then
	[ -n "$pcap" ] || fail "wrk saw timeouts in $timeouts runs (--pcap tells whether they waited in the guest)"
	[ "$gaps" = 0 ] || fail "wrk saw timeouts in $timeouts runs and a connection paused over 1 s at the guest"
	echo "wrk's timeouts waited outside the guest: no connection paused over 1 s at its NIC"
fi
echo "PASS: soak of $server ($arch), $total requests"
