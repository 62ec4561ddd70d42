#!/usr/bin/env bash
# A Bazel HTTP cache for checks and CI: nginx with WebDAV PUT on
# 127.0.0.1, its files, configuration and logs under one directory.
#
#   cache_server.sh start DIR PORT   starts it; prints its URL (PORT 0:
#                                    a free port)
#   cache_server.sh stop DIR         stops it (DIR stays)
#
# start fails (non-zero, with nginx's error) unless the server answers.
set -euo pipefail

cmd=${1:-} dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || {
	echo "usage: cache_server.sh start DIR PORT | stop DIR" >&2
	exit 2
}

case "$cmd" in
start)
	port=${3:?cache_server.sh start: no PORT}
	if [ "$port" = 0 ]; then
		port=$(python3 -c 'import socket; s = socket.socket();
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	fi
	mkdir -p "$dir/cache" "$dir/tmp" "$dir/logs"
	# nginx workers run as www-data: they must be able to write the
	# cache.
	chown -R www-data: "$dir/cache" "$dir/tmp" "$dir/logs"
	chmod 755 "$dir"
	cat > "$dir/nginx.conf" <<CONF
user www-data;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 256; }
http {
	access_log off;
	client_body_temp_path $dir/tmp;
	proxy_temp_path $dir/tmp;
	fastcgi_temp_path $dir/tmp;
	uwsgi_temp_path $dir/tmp;
	scgi_temp_path $dir/tmp;
	server {
		listen 127.0.0.1:$port;
		root $dir/cache;
		client_max_body_size 0;
		dav_methods PUT DELETE MKCOL;
		create_full_put_path on;
	}
}
CONF
	nginx -c "$dir/nginx.conf"
	# A PUT and a GET of the same key: the cache stores and serves.
	url=http://127.0.0.1:$port
	if ! curl -sf -m 10 -X PUT --data-binary ping "$url/cas/probe" ||
		[ "$(curl -sf -m 10 "$url/cas/probe")" != ping ]; then
		echo "cache_server.sh: nginx on $url does not store and serve:" >&2
		cat "$dir/logs/error.log" >&2 || true
		exit 1
	fi
	curl -sf -m 10 -X DELETE "$url/cas/probe" || true
	echo "$url"
	;;
stop)
	[ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2> /dev/null
	true
	;;
*)
	echo "cache_server.sh: unknown command $cmd" >&2
	exit 2
	;;
esac
