#!/usr/bin/env bash
# nginx, Redis and SQLite's speedtest1 side by side: the Tessera images and
# the same programs (same pinned sources, options and configuration files)
# as static musl binaries in a Linux VM (Debian's 6.1 kernel, a minimal
# initramfs whose /init is linux_init.c), on the same QEMU (TCG unless
# TESSERA_KVM=1), the same machine, CPU model, NIC and one CPU. Prints, in
# one run, for both: boot to ready, image size, smallest -m that serves,
# nginx requests/s (wrk, keep-alive, 1 and 64 connections), redis-benchmark
# GET and SET requests/s, and speedtest1's TOTAL.
#
#   bench/apps/apps_bench.sh [x86_64|arm64]
#
# Boot to ready: from QEMU's start to the first right answer from the host
# (curl of / for nginx, PING for Redis), median of TESSERA_BENCH_RUNS (3)
# boots. Image size: the image file; for Linux the kernel plus that
# program's initramfs. Smallest -m: the least MiB, among a fixed list, that
# still serves. wrk runs TESSERA_WRK_SECONDS (10) per figure;
# redis-benchmark 20,000 requests of each on 4 connections: with its
# default 50, QEMU's user network (which accepts the host's connections
# from a listen backlog of 1) leaves most of them waiting for SYN
# retransmissions for tens of seconds, on Linux as on Tessera. The
# throughput runs give both systems -m 256.
#
# TESSERA_LINUX_BINDIR: a directory of Linux binaries that
# linux_apps_build.sh made earlier (skips the build).
#
# The kernel is Debian's linux-image-$TESSERA_LINUX_ABI-{amd64,arm64}
# (default 6.1.0-57), fetched once with apt-get download into
# ~/.cache/tessera/linux_vm (bench/lib/linux_vm.sh). The Linux binaries
# are built by linux_apps_build.sh.
set -euo pipefail
arch=${1:-x86_64}
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
runs=${TESSERA_BENCH_RUNS:-3}
wrk_secs=${TESSERA_WRK_SECONDS:-10}
# shellcheck source=bench/lib/linux_vm.sh
. bench/lib/linux_vm.sh
linux_vm_arch "$arch" || { echo "usage: apps_bench.sh [x86_64|arm64]" >&2; exit 2; }
accel=(-accel tcg)
[ "${TESSERA_KVM:-0}" = 1 ] && accel=(-accel kvm)

targets=(//images:nginx_$arch //images:redis_$arch //images:speedtest1_$arch
	 //images/nginx:big //tools/rootfs:cpio_pack)
bench_build "${targets[@]}" 2> /dev/null || bench_build "${targets[@]}"
ext=$(bench_bazel info "$bench_nosym" output_base 2> /dev/null)/external

bench_tmpdir
work=$tmp

linux_vm_kernel

if [ -n "${TESSERA_LINUX_BINDIR:-}" ]; then
	cp -r "$TESSERA_LINUX_BINDIR" "$work/lin"
else
	echo "building the Linux binaries ($arch)" >&2
	bench/apps/linux_apps_build.sh "$arch" "$work/lin" > /dev/null
fi

# initramfs PROGRAM ARGS...: a cpio with /init, the modules, /etc/passwd
# and /etc/group (nginx looks up its default user), the program as
# /PROGRAM and /etc/init.args; $files adds entries (F SRC DEST MODE).
initramfs() {
	local prog=$1 out=$work/$1.cpio
	shift
	linux_vm_modules "$work/modules"
	printf '%s\n' "/$prog" "$@" > "$work/$prog.args"
	printf 'root:x:0:0::/:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n' > "$work/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\nnobody:x:65534:\n' > "$work/group"
	"$bin/tools/rootfs/cpio_pack" "$out" \
		F "$work/lin/init" /init 0755 \
		F "$work/lin/$prog" "/$prog" 0755 \
		F "$work/modules" /etc/modules 0644 \
		F "$work/$prog.args" /etc/init.args 0644 \
		F "$work/passwd" /etc/passwd 0644 \
		F "$work/group" /etc/group 0644 \
		"${module_entries[@]}" "${files[@]}"
}

files=(F images/nginx/rootfs/etc/nginx/nginx.conf /etc/nginx/nginx.conf 0644
       F "$ext/nginx/conf/mime.types" /etc/nginx/mime.types 0644
       F images/nginx/rootfs/srv/www/index.html /srv/www/index.html 0644
       F images/nginx/rootfs/srv/www/style.css /srv/www/style.css 0644
       F images/nginx/rootfs/srv/www/files/hello.txt /srv/www/files/hello.txt 0644
       F "$bin/images/nginx/big.txt" /srv/www/files/big.txt 0644)
initramfs nginx
files=()
redis_args=(--save '' --dir /tmp --appendonly no --protected-mode no
	    --ignore-warnings ARM64-COW-BUG)
initramfs redis-server "${redis_args[@]}"
initramfs speedtest1 --size 10 /tmp/speedtest1.db

port=$(bench_free_port "")

# start SYSTEM PROGRAM MEM: boots QEMU in its own process group, its
# console in $work/log; sets $t0 (date +%s%N).
start() {
	local sys=$1 prog=$2 mem=$3 gport=8123 append=
	case "$prog" in
	redis) gport=6379 append="--save '' --dir /tmp --appendonly no --protected-mode no --ignore-warnings ARM64-COW-BUG" ;;
	speedtest1) append="--size 10 /tmp/speedtest1.db" ;;
	esac
	: > "$work/log"
	t0=$(date +%s%N)
	if [ "$sys" = tessera ]; then
		local a=(--arch "$arch" --image "$bin/images/${prog}_$arch" --timeout 900)
		[ "$prog" = speedtest1 ] || a+=(--net --guest-port "$gport")
		[ -n "$append" ] && a+=(--append "$append")
		TESSERA_HTTP_PORT=$port setsid tools/qemu_run.sh "${a[@]}" -- -m "$mem" \
			> "$work/log" 2>&1 < /dev/null &
	else
		local cpio=$work/$prog.cpio
		[ "$prog" = redis ] && cpio=$work/redis-server.cpio
		linux_vm_start "$cpio" "$mem" "$port" "$gport" "${accel[@]}" \
			> "$work/log" 2>&1
	fi
	qemu_pid=$!
}

answers() {
	case "$1" in
	nginx) curl -s --max-time 2 "http://127.0.0.1:$port/" | grep -q 'nginx on Tessera' ;;
	redis) [ "$(timeout 3 redis-cli -h 127.0.0.1 -p "$port" PING 2> /dev/null)" = PONG ] ;;
	esac
}

# ready PROGRAM: waits (up to 120 s, while QEMU runs) for the first right
# answer; sets $secs to the seconds since $t0.
ready() {
	until answers "$1"; do
		kill -0 "$qemu_pid" 2> /dev/null || return 1
		[ $(($(date +%s%N) - t0)) -lt 120000000000 ] || return 1
		sleep 0.02
	done
	secs=$(awk -v s="$t0" -v e="$(date +%s%N)" 'BEGIN { printf "%.2f", (e - s) / 1e9 }')
}

# serves SYSTEM PROGRAM MEM: boots with -m MEM and checks that the program
# answers (Redis: a SET and a GET).
serves() {
	local ok=1
	start "$@"
	if ready "$2"; then
		case "$2" in
		nginx) curl -s --max-time 10 "http://127.0.0.1:$port/files/big.txt" | cmp -s - "$bin/images/nginx/big.txt" && ok=0 ;;
		redis) [ "$(timeout 10 redis-cli -h 127.0.0.1 -p "$port" SET k v)" = OK ] &&
			[ "$(timeout 10 redis-cli -h 127.0.0.1 -p "$port" GET k)" = v ] && ok=0 ;;
		esac
	fi
	bench_stop
	return $ok
}

declare -A fig
mems=(2 3 4 6 8 12 16 24 32 48 64 96 128 192 256)
for sys in tessera linux; do
	for prog in nginx redis; do
		echo "$sys $prog: boot to ready" >&2
		times=()
		for _ in $(seq "$runs"); do
			start "$sys" "$prog" 256
			ready "$prog" || { echo "$sys $prog did not answer" >&2; cat "$work/log" >&2; exit 1; }
			times+=("$secs")
			bench_stop
		done
		fig[$sys.$prog.boot]=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
		echo "$sys $prog: smallest -m" >&2
		lo=0 hi=$((${#mems[@]} - 1))
		serves "$sys" "$prog" "${mems[$hi]}" || { echo "$sys $prog does not serve at -m ${mems[$hi]}" >&2; exit 1; }
		while [ $lo -lt $hi ]; do
			mid=$(((lo + hi) / 2))
			if serves "$sys" "$prog" "${mems[$mid]}"; then hi=$mid; else lo=$((mid + 1)); fi
		done
		fig[$sys.$prog.mem]=${mems[$hi]}
	done
	echo "$sys: nginx under wrk" >&2
	start "$sys" nginx 256
	ready nginx
	for c in 1 64; do
		out=$(wrk -t1 -c"$c" -d"${wrk_secs}s" "http://127.0.0.1:$port/")
		fig[$sys.wrk$c]=$(awk '/Requests\/sec/ { printf "%d", $2 }' <<< "$out")
		grep -q 'Socket errors' <<< "$out" && fig[$sys.wrk$c]+=" ($(grep 'Socket errors' <<< "$out" | sed 's/^ *//'))"
	done
	bench_stop
	echo "$sys: redis-benchmark" >&2
	start "$sys" redis 256
	ready redis
	out=$(timeout 300 redis-benchmark -h 127.0.0.1 -p "$port" -t set,get -n 20000 -c 4 -q 2>&1 | tr '\r' '\n')
	# The last line of each test (the others are its progress).
	fig[$sys.set]=$(awk '/^SET: [0-9.]+ requests per second/ { v = $2 } END { printf "%d", v }' <<< "$out")
	fig[$sys.get]=$(awk '/^GET: [0-9.]+ requests per second/ { v = $2 } END { printf "%d", v }' <<< "$out")
	bench_stop
	echo "$sys: speedtest1" >&2
	start "$sys" speedtest1 256
	wait "$qemu_pid" || true
	qemu_pid=
	fig[$sys.speedtest1]=$(tr -d '\r' < "$work/log" | sed -n 's/.*TOTAL\.* *\([0-9.]*\)s.*/\1/p')
	[ -n "${fig[$sys.speedtest1]}" ] || { echo "$sys speedtest1 printed no TOTAL" >&2; cat "$work/log" >&2; exit 1; }
done

size() { stat -c %s "$@" | awk '{ s += $1 } END { printf "%.2f", s / 1048576 }'; }
fig[tessera.nginx.size]=$(size "$bin/images/nginx_$arch")
fig[tessera.redis.size]=$(size "$bin/images/redis_$arch")
fig[tessera.speedtest1.size]=$(size "$bin/images/speedtest1_$arch")
fig[linux.nginx.size]=$(size "$kernel" "$work/nginx.cpio")
fig[linux.redis.size]=$(size "$kernel" "$work/redis-server.cpio")
fig[linux.speedtest1.size]=$(size "$kernel" "$work/speedtest1.cpio")

row() { printf '| %s | %s | %s |\n' "$1" "${fig[tessera.$2]}" "${fig[linux.$2]}"; }
echo "| $arch (TCG, one CPU) | Tessera | Linux VM ($abi) |"
echo "| --- | --- | --- |"
row "nginx boot to ready (s)" nginx.boot
row "redis boot to ready (s)" redis.boot
row "nginx image size (MiB)" nginx.size
row "redis image size (MiB)" redis.size
row "speedtest1 image size (MiB)" speedtest1.size
row "nginx smallest -m (MiB)" nginx.mem
row "redis smallest -m (MiB)" redis.mem
row "nginx wrk keep-alive, 1 connection (req/s)" wrk1
row "nginx wrk keep-alive, 64 connections (req/s)" wrk64
row "redis-benchmark SET (req/s)" set
row "redis-benchmark GET (req/s)" get
row "speedtest1 --size 10 TOTAL (s)" speedtest1
