#!/usr/bin/env bash
# System test of the nginx image with curl and wrk: boot it with a port
# forward on 127.0.0.1, wait for nginx's start-up line, then fetch every
# file of the site and compare its sha256 with the file the rootfs was
# built from, get HTML and CSS gzip-encoded (curl --compressed: the same
# bytes), ask for a byte range (206 and the right bytes), a missing
# file (404), the autoindex listing of /files/, HEAD (headers, no body),
# two requests on one connection (keep-alive), and run wrk for a few
# seconds: no socket errors, only 2xx; then 64 keep-alive connections for
# --wrk-seconds (5) with no socket errors (the 30 s run is
# nginx_wrk30_<arch>, manual).
#
#   nginx_test.sh --arch A [--wrk-seconds S] --site DIR_OR_FILES... --files IMAGE.run
set -uo pipefail

arch= files=() site=() wrk_seconds=5
source tests/system/net_image_lib.sh
net_image_args "arch wrk_seconds" "files site" "$@"
net_image_pick "${files[@]}"
net_image_boot "nginx/1.22.1" --timeout 600
base=http://127.0.0.1:$port
c() { timeout 60 curl -sS --max-time 50 "$@"; }

# The host file behind each URL: html files from rootfs/srv/www, the
# generated big.txt under /files/.
for f in "${site[@]}"; do
	case "$f" in
	*/rootfs/srv/www/*) url=/${f#*/rootfs/srv/www/} ;;
	*/big.txt) url=/files/big.txt ;;
	*) fail "no URL for site file $f" ;;
	esac
	want=$(sha256sum < "$f" | cut -d' ' -f1)
	got=$(c "$base$url" | sha256sum | cut -d' ' -f1)
	[ "$got" = "$want" ] || fail "GET $url: sha256 $got, expected $want"
	echo "ok: GET $url sha256 $want"
	[ "$url" = /files/big.txt ] && big=$f
done
[ -n "${big:-}" ] || fail "the site has no big.txt"

out=$tmp/range
code=$(c -o "$out" -w '%{http_code}' -r 100000-100999 "$base/files/big.txt")
[ "$code" = 206 ] || fail "range request: status $code, expected 206"
cmp -s "$out" <(tail -c +100001 "$big" | head -c 1000) ||
	fail "range request: wrong bytes"
echo "ok: Range bytes=100000-100999 -> 206, 1000 right bytes"

# gzip: HTML and CSS come compressed to a client that accepts it, and
# decompress to the file's bytes.
for f in "${site[@]}"; do
	case "$f" in */rootfs/srv/www/index.html | */rootfs/srv/www/style.css) ;; *) continue ;; esac
	url=/${f#*/rootfs/srv/www/}
	hdrs=$(c --compressed -D - -o "$tmp/gz" "$base$url") || fail "GET $url (gzip): $hdrs"
	grep -qi '^Content-Encoding: gzip' <<< "$hdrs" ||
		fail "GET $url with Accept-Encoding: gzip: no gzip Content-Encoding: $hdrs"
	cmp -s "$tmp/gz" "$f" || fail "GET $url (gzip): the bytes differ from $f"
	echo "ok: GET $url gzip-encoded, decompresses to the file"
done

# autoindex: /files/ has no index.html, so nginx lists the directory.
listing=$(c "$base/files/") || fail "GET /files/: $listing"
for name in hello.txt big.txt; do
	grep -q "<a href=\"$name\">$name</a>" <<< "$listing" ||
		fail "GET /files/: no link to $name in the listing: $listing"
done
echo "ok: GET /files/ -> autoindex listing of hello.txt and big.txt"

code=$(c -o /dev/null -w '%{http_code}' "$base/missing.html")
[ "$code" = 404 ] || fail "missing file: status $code, expected 404"
echo "ok: GET /missing.html -> 404"

head=$(c -I "$base/files/big.txt" | tr -d '\r')
grep -q '^HTTP/1.1 200' <<< "$head" || fail "HEAD: $head"
grep -q '^Content-Length: 1048576$' <<< "$head" || fail "HEAD: $head"
# HTTP/1.0: nginx closes after the response, so everything it sent is
# read; only headers, no 1 MiB body.
size=$(timeout 30 bash -c 'exec 3<> "/dev/tcp/127.0.0.1/$1" &&
	printf "HEAD /files/big.txt HTTP/1.0\r\n\r\n" >&3 && cat <&3' _ "$port" |
	wc -c)
[ "$size" -gt 0 ] && [ "$size" -lt 1024 ] ||
	fail "HEAD: $size bytes in the response"
echo "ok: HEAD /files/big.txt -> 200, Content-Length 1048576, no body"

verbose=$(c -v -o /dev/null -o /dev/null "$base/" "$base/files/hello.txt" 2>&1)
grep -q 'Re-using existing connection' <<< "$verbose" ||
	fail "keep-alive: curl opened a second connection: $verbose"
[ "$(grep -c '^< HTTP/1.1 200' <<< "$verbose")" = 2 ] ||
	fail "keep-alive: not two 200 responses: $verbose"
echo "ok: keep-alive, two requests on one connection"

# A short, bounded load: 4 connections for 5 s, a generous timeout (TCG on
# a shared machine), each URL; every response 2xx, no socket errors.
for url in / /files/big.txt; do
	out=$(timeout 60 wrk -t1 -c4 -d5s --timeout 20s "$base$url" 2>&1) ||
		fail "wrk $url: $out"
	echo "$out" | grep -E 'requests in|Requests/sec'
	grep -q 'Socket errors' <<< "$out" && fail "wrk $url: $out"
	grep -q 'Non-2xx' <<< "$out" && fail "wrk $url: $out"
	grep -qE '^ +[1-9][0-9]* requests in' <<< "$out" ||
		fail "wrk $url: no requests: $out"
done

# 64 keep-alive connections on the index page. wrk counts a response
# later than its --timeout (default 2 s) as a socket "timeout". QEMU's
# user network accepts the host's connections to the forwarded port from a
# listen backlog of 1, so when 64 connect at once the host kernel drops
# handshakes, and the first request of such a connection waits for the
# SYN-ACK retransmissions (1, 3, 7, 15 s after the start): 4 such
# "timeouts" in a 30 s run with a 10 s bound, and the same against Redis
# and nginx in a Linux VM on the same QEMU (README, "Linux VM baseline").
# The bound is the run's length plus 10 s, so those count as slow, not as
# errors; every other socket error fails the test.
out=$(timeout $((wrk_seconds + 60)) wrk -t1 -c64 -d"${wrk_seconds}s" --timeout $((wrk_seconds + 10))s "$base/" 2>&1) ||
	fail "wrk -c64: $out"
echo "$out" | grep -E 'Latency|requests in|Requests/sec'
grep -q 'Socket errors' <<< "$out" && fail "wrk -c64: $out"
grep -q 'Non-2xx' <<< "$out" && fail "wrk -c64: $out"
grep -qE '^ +[1-9][0-9]* requests in' <<< "$out" || fail "wrk -c64: no requests: $out"
echo "ok: 64 connections for ${wrk_seconds} s, no socket errors"

kill -0 "$qemu" 2> /dev/null || fail "the guest stopped during the test"
grep -q "CRASH" "$log" && fail "crash report on the console"
code=$(c -o /dev/null -w '%{http_code}' "$base/")
[ "$code" = 200 ] || fail "after the load: status $code"
echo "PASS ($arch)"
