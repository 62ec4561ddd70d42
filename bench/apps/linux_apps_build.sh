#!/usr/bin/env bash
# Builds the Linux side of the application baseline: nginx, redis-server,
# the sqlite3 shell and speedtest1 from the same pinned sources as the
# images (Bazel's @nginx, @redis and @sqlite repositories), with the same
# options, as static Linux binaries on Debian's musl (musl-tools and
# musl-dev:arm64, installed by tools/setup.sh; both are musl 1.2.3, the
# version Tessera pins) at -O2, plus /init (linux_init.c).
#
#   bench/apps/linux_apps_build.sh ARCH OUTDIR     # ARCH: x86_64 | arm64
#
# nginx's configure runs test programs, so it runs once for the build
# machine with musl-gcc; both architectures are 64-bit little-endian Linux
# with musl, so its answers hold for arm64, which is then compiled with the
# aarch64 musl-gcc. Redis and SQLite have no probes to run.
set -euo pipefail
arch=${1:?usage: linux_apps_build.sh ARCH OUTDIR}
out=$(mkdir -p "${2:?usage: linux_apps_build.sh ARCH OUTDIR}" && cd "$2" && pwd)
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$top"
case "$arch" in
x86_64) cc=musl-gcc ar=ar ;;
arm64) cc=aarch64-linux-musl-gcc ar=aarch64-linux-gnu-ar ;;
*) echo "unknown arch $arch" >&2; exit 2 ;;
esac
jobs=${TESSERA_BUILD_JOBS:-2}

nosym=--experimental_convenience_symlinks=ignore
./bazelw fetch @nginx//:nginx @redis//:redis_server @sqlite//:speedtest1 @zlib//:zlib > /dev/null 2>&1 ||
	./bazelw fetch @nginx//:nginx @redis//:redis_server @sqlite//:speedtest1 @zlib//:zlib
ext=$(./bazelw info "$nosym" output_base 2> /dev/null)/external
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$cc" -static -O2 -o "$out/init" bench/apps/linux_init.c

# nginx: the modules of third_party/nginx/ngx_modules.c (static files,
# index, autoindex, ranges, keep-alive, thread pool, gzip on the pinned
# zlib), the paths of its ngx_auto_config.h.
# Debian's musl-dev leaves out musl's <crypt.h>, which nginx's Linux
# headers include: the one declaration it needs (libc.a has crypt).
cp -r "$ext/nginx" "$work/nginx"
cp -r "$ext/zlib" "$work/zlib"
mkdir -p "$work/inc"
echo 'char *crypt(const char *key, const char *salt);' > "$work/inc/crypt.h"
(cd "$work/nginx" && CC=musl-gcc ./configure --prefix=/ \
	--sbin-path=/nginx --conf-path=/etc/nginx/nginx.conf \
	--pid-path=/run/nginx.pid --lock-path=/run/nginx.lock \
	--error-log-path=stderr --http-log-path=/dev/stdout \
	--http-client-body-temp-path=/tmp/client_body \
	--http-proxy-temp-path=/tmp/proxy --http-fastcgi-temp-path=/tmp/fastcgi \
	--http-uwsgi-temp-path=/tmp/uwsgi --http-scgi-temp-path=/tmp/scgi \
	--with-threads --with-cc-opt="-O2 -I$work/inc" --with-ld-opt=-static \
	--with-zlib="$work/zlib" --without-pcre --without-http_rewrite_module \
	--without-http_charset_module --without-http_ssi_module \
	--without-http_userid_module --without-http_access_module \
	--without-http_auth_basic_module --without-http_mirror_module \
	--without-http_geo_module --without-http_map_module \
	--without-http_split_clients_module --without-http_referer_module \
	--without-http_proxy_module --without-http_fastcgi_module \
	--without-http_uwsgi_module --without-http_scgi_module \
	--without-http_grpc_module --without-http_memcached_module \
	--without-http_limit_conn_module --without-http_limit_req_module \
	--without-http_empty_gif_module --without-http_browser_module \
	--without-http_upstream_hash_module \
	--without-http_upstream_ip_hash_module \
	--without-http_upstream_least_conn_module \
	--without-http_upstream_random_module \
	--without-http_upstream_keepalive_module \
	--without-http_upstream_zone_module > "$work/nginx.configure.log" 2>&1) ||
	{ tail -20 "$work/nginx.configure.log"; exit 1; }
make -C "$work/nginx" -j"$jobs" -f objs/Makefile CC="$cc" LINK="$cc" > "$work/nginx.make.log" 2>&1 ||
	{ tail -30 "$work/nginx.make.log"; exit 1; }
cp "$work/nginx/objs/nginx" "$out/nginx"

# Redis: `make MALLOC=libc BUILD_TLS=no USE_SYSTEMD=no`, as the overlay.
cp -r "$ext/redis" "$work/redis"
make -C "$work/redis/src" -j"$jobs" redis-server CC="$cc" AR="$ar" MALLOC=libc \
	BUILD_TLS=no USE_SYSTEMD=no OPTIMIZATION=-O2 LDFLAGS=-static \
	> "$work/redis.make.log" 2>&1 || { tail -30 "$work/redis.make.log"; exit 1; }
cp "$work/redis/src/redis-server" "$out/redis-server"

# SQLite: the amalgamation the repository rule made, with
# //third_party/sqlite:config's options and sqlite_cfg.h.
sq="$ext/sqlite"
sqdefs=(-D_HAVE_SQLITE_CONFIG_H -DSQLITE_THREADSAFE=1 -DSQLITE_OMIT_LOAD_EXTENSION
	-DSQLITE_TEMP_STORE=2 -DSQLITE_OMIT_POPEN -Ithird_party/sqlite -I"$sq")
"$cc" -static -O2 -w "${sqdefs[@]}" -c "$sq/sqlite3.c" -o "$work/sqlite3.o"
"$cc" -static -O2 -w "${sqdefs[@]}" "$sq/shell.c" "$work/sqlite3.o" -o "$out/sqlite3" -lm
"$cc" -static -O2 -w "${sqdefs[@]}" "$sq/test/speedtest1.c" "$work/sqlite3.o" -o "$out/speedtest1" -lm
strip_=strip
[ "$arch" = arm64 ] && strip_=aarch64-linux-gnu-strip
"$strip_" "$out"/{init,nginx,redis-server,sqlite3,speedtest1}
ls -l "$out"
