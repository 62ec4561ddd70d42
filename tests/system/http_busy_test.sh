#!/usr/bin/env bash
# httpreply beside a thread that spins for ever without a syscall
# (command line "busy"): preemption must keep the server answering.
# Boots the image, waits for its "Listening" line, then 20 sequential and
# 8 concurrent requests must all get the page.
#
#   http_busy_test.sh --arch A --files IMAGE.run --page EXPECTED_BODY_FILE
set -uo pipefail

arch= page= files=()
source tests/system/net_image_lib.sh
net_image_args "arch page" "files" "$@"
net_image_pick "${files[@]}"
net_image_boot "Listening on port" --timeout 300 --append busy
grep -q "a thread spins for ever" "$log" || fail "no spinning thread started"
url=http://127.0.0.1:$port/

get() { curl -s --max-time 30 "$url"; }

bad=0
for i in $(seq 1 20); do
	[ "$(get)" = "$(cat "$page")" ] || bad=$((bad + 1))
done
[ $bad -eq 0 ] || fail "$bad of 20 sequential requests failed beside a busy thread"

pids=()
for i in $(seq 1 8); do
	(get > "$tmp/c$i.out") &
	pids+=($!)
done
bad=0
for i in $(seq 1 8); do
	wait "${pids[$((i - 1))]}" && cmp -s "$tmp/c$i.out" "$page" || bad=$((bad + 1))
done
[ $bad -eq 0 ] || fail "$bad of 8 concurrent requests failed beside a busy thread"
echo "http_busy_test: PASS ($arch)"
