#!/usr/bin/env bash
# httpepoll with one event loop per CPU (issue 14) under wrk: boots
# //images:httpepoll_smp_<arch> with "percpu" on the command line at -smp 1
# and -smp 2 under QEMU's multi-threaded TCG (-accel tcg,thread=multi),
# runs wrk (2 threads, CONNS keep-alive connections, SECS seconds; default
# 64 and 10) RUNS times each (default 3) and prints req/s (median [min -
# max]) and the host's load average before and after.
#
#   bench/http/percpu_bench.sh [RUNS]
#
# PERCPU_BENCH_ARCHS picks the architectures (default "x86_64 arm64");
# PERCPU_BENCH_CONNS and PERCPU_BENCH_SECS the wrk load;
# PERCPU_BENCH_APPEND the command line (default "percpu"; "" runs
# httpepoll's one event loop, to compare).
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$top"
runs=${1:-3}
archs=${PERCPU_BENCH_ARCHS:-x86_64 arm64}
conns=${PERCPU_BENCH_CONNS:-64}
secs=${PERCPU_BENCH_SECS:-10}
append=${PERCPU_BENCH_APPEND-percpu}
targets=()
for arch in $archs; do
	targets+=("//images:httpepoll_smp_$arch")
done
./bazelw build "${targets[@]}" > /dev/null 2>&1 || ./bazelw build "${targets[@]}"
bin=$(./bazelw info bazel-bin 2> /dev/null)
work=$(mktemp -d)
qemu_pid=
stop() {
	[ -n "$qemu_pid" ] || return 0
	kill -- -"$qemu_pid" 2> /dev/null || true
	while kill -0 -- -"$qemu_pid" 2> /dev/null; do sleep 0.01; done
	wait "$qemu_pid" 2> /dev/null || true
	qemu_pid=
}
trap 'stop; rm -rf "$work"' EXIT

# Boots $arch at -smp $1 on a free port; waits (up to 120 s) for the first
# answer, which also waits for DHCP.
boot() {
	local smp=$1
	port=
	while [ -z "$port" ] || (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; do
		port=$((20000 + RANDOM % 20000))
	done
	TESSERA_HTTP_PORT=$port setsid tools/qemu_run.sh --arch "$arch" \
		--image "$bin/images/httpepoll_smp_$arch" --net --timeout 600 \
		--append "$append" -- -smp "$smp" -accel tcg,thread=multi \
		> "$work/log" 2>&1 &
	qemu_pid=$!
	for _ in $(seq 1 1200); do
		kill -0 "$qemu_pid" 2> /dev/null || break
		if grep -q "httpepoll: listening" "$work/log" &&
			curl -s -m 2 -o /dev/null "http://127.0.0.1:$port/"; then
			return 0
		fi
		sleep 0.1
	done
	echo "percpu_bench.sh: $arch -smp $smp did not serve:" >&2
	cat "$work/log" >&2
	return 1
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for arch in $archs; do
	for smp in 1 2; do
		rates=()
		for _ in $(seq "$runs"); do
			boot "$smp"
			out=$(wrk -t 2 -c "$conns" -d "${secs}s" --timeout 10s \
				"http://127.0.0.1:$port/")
			rates+=("$(echo "$out" | sed -n 's/^Requests\/sec: *//p')")
			errs=$(echo "$out" | grep -E "Socket errors|Non-2xx" || true)
			[ -z "$errs" ] || echo "  ($arch -smp $smp: $errs)"
			loops=$(grep -c "httpepoll: loop [0-9]* (CPU [0-9]*): 1 requests" \
				"$work/log" || true)
			stop
		done
		printf '%s\n' "${rates[@]}" | sort -n | awk -v a="$arch" \
			-v s="$smp" -v c="$conns" -v d="$secs" -v l="$loops" \
			'{ v[NR] = $1 } END {
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%s -smp %s: %.0f req/s [%.0f - %.0f] (wrk, %d connections, %d s, %d boots; last boot: %d loops served)\n",
				a, s, m, v[1], v[NR], c, d, NR, l }'
	done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
