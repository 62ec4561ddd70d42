#!/usr/bin/env bash
# Remote cache check: starts nginx as an HTTP/WebDAV cache on 127.0.0.1,
# builds with --config=remote-cache, cleans, rebuilds, and asserts that the
# rebuild ran no compile or link action locally (all remote cache hits).
#
#   tests/remote_cache/check_remote_cache.sh [TARGET...] (default //images:all)
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(//images:all)
port=${TESSERA_CACHE_PORT:-18123}

work=$(mktemp -d /tmp/tessera-cache.XXXXXX)
src=$work/src
mkdir -p "$work/cache" "$work/tmp" "$work/logs"
# nginx workers run as www-data: they must be able to write the cache.
chown -R www-data: "$work/cache" "$work/tmp" "$work/logs"
chmod 755 "$work"
cat > "$work/nginx.conf" <<CONF
user www-data;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path $work/tmp;
	proxy_temp_path $work/tmp;
	fastcgi_temp_path $work/tmp;
	uwsgi_temp_path $work/tmp;
	scgi_temp_path $work/tmp;
	server {
		listen 127.0.0.1:$port;
		root $work/cache;
		client_max_body_size 0;
		dav_methods PUT DELETE MKCOL;
		create_full_put_path on;
	}
}
CONF
nginx -c "$work/nginx.conf"
cleanup() {
	[ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2> /dev/null || true
	[ -d "$src" ] && (cd "$src" && /usr/bin/bazel-4 --output_base="$work/out" shutdown) > /dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

git clone -q "$top" "$src"
cd "$src"
flags=(--output_base="$work/out")
bflags=(--config=remote-cache --remote_cache="http://127.0.0.1:$port" --disk_cache=)
./bazelw "${flags[@]}" build "${bflags[@]}" "${targets[@]}" > "$work/first.log" 2>&1 || {
	cat "$work/first.log" "$work/logs/error.log"
	echo "remote-cache: first build failed" >&2
	exit 1
}
./bazelw "${flags[@]}" clean > /dev/null 2>&1
./bazelw "${flags[@]}" build "${bflags[@]}" "${targets[@]}" > "$work/second.log" 2>&1 || {
	cat "$work/second.log"
	echo "remote-cache: rebuild failed" >&2
	exit 1
}
# "INFO: 57 processes: 40 remote cache hit, 17 internal."
procs=$(grep -E '^INFO: [0-9]+ processes?:' "$work/second.log" | tail -1)
echo "remote-cache: rebuild: ${procs#INFO: }"
hits=$(echo "$procs" | grep -oE '[0-9]+ remote cache hit' | cut -d' ' -f1)
local_runs=$(echo "$procs" | sed -E 's/^INFO: [0-9]+ processes?: //; s/\.$//' |
	tr ',' '\n' | awk '!/remote cache hit|internal/ { n += $1 } END { print n + 0 }')
if [ -z "$hits" ] || [ "${hits:-0}" -eq 0 ]; then
	echo "remote-cache: FAILED: the rebuild had no remote cache hits" >&2
	exit 1
fi
if [ "$local_runs" -ne 0 ]; then
	echo "remote-cache: FAILED: $local_runs actions ran locally on the rebuild" >&2
	exit 1
fi
echo "remote-cache: PASSED: $hits actions served from the cache, none ran locally"
