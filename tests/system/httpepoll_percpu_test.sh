#!/usr/bin/env bash
# httpepoll with one event loop per CPU (issue 14): boots
# //images:httpepoll_smp at -smp 2 with "percpu" on the command line, runs
# wrk with 16 keep-alive connections for 3 s and requires zero socket
# errors, only 2xx answers, and requests served by both loops, each on
# its own CPU (the server prints "loop K (CPU C): 1 requests" when loop K
# serves its first request).
#
#   httpepoll_percpu_test.sh --arch A --files IMAGE_OUTPUTS...
set -uo pipefail

arch= files=()
source tests/system/net_image_lib.sh
net_image_args "arch" "files" "$@"
net_image_pick "${files[@]}"
command -v wrk > /dev/null || { echo "FAIL: wrk missing"; exit 2; }

net_image_boot "httpepoll: listening" --timeout 240 --append percpu \
	-- -smp 2
grep -q "httpepoll: 2 event loops, one per CPU" "$log" ||
	fail "not two event loops at -smp 2"
url=http://127.0.0.1:$port/
# The NIC's DHCP lease may come after the listening line.
for _ in $(seq 1 60); do
	curl -s -m 5 -o /dev/null "$url" && break
	sleep 0.5
done
out=$(wrk -t 2 -c 16 -d 3s --timeout 10s "$url" 2>&1) ||
	fail "wrk failed: $out"
echo "$out"
if echo "$out" | grep -q "Socket errors\|Non-2xx"; then
	fail "errors under wrk"
fi
for k in 0 1; do
	grep -q "httpepoll: loop $k (CPU $k): 1 requests" "$log" ||
		fail "loop $k served no request on CPU $k"
done
echo "httpepoll_percpu_test: PASS ($arch)"
