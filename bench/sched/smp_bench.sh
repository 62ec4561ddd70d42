#!/usr/bin/env bash
# SMP benchmark (issue 14) under QEMU's multi-threaded TCG (-accel
# tcg,thread=multi): boots //bench/sched:smp_bench_<arch> RUNS times
# (default 3) at -smp 1 and at -smp 2 on x86_64 and arm64 and prints the
# median of each figure (CPU-bound time of 4 threads, same-CPU switch,
# cross-CPU futex ping-pong), the CPU-bound speed-up of -smp 2 over -smp 1,
# the host CPUs QEMU got (its user + system time over its wall time, for
# the whole boot), and the host's load average before and after: the
# speed-up cannot exceed what the host gives.
#
#   bench/sched/smp_bench.sh [RUNS]
#
# SMP_BENCH_ARCHS picks the architectures (default "x86_64 arm64");
# SMP_BENCH_TASKSET=1 pins QEMU to two host CPUs with taskset (0,1);
# SMP_BENCH_ACCEL replaces tcg,thread=multi (e.g. tcg,thread=single).
# BAZEL_OUTPUT_BASE selects Bazel's --output_base (default: Bazel's own).
set -euo pipefail

runs=${1:-3}
archs=${SMP_BENCH_ARCHS:-x86_64 arm64}
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

targets=()
for arch in $archs; do
	targets+=("//bench/sched:smp_bench_$arch")
done
bench_build "${targets[@]}"

accel=${SMP_BENCH_ACCEL:-tcg,thread=multi}
pin=()
if [ "${SMP_BENCH_TASKSET:-0}" = 1 ]; then
	pin=(taskset -c "0,1")
fi

TIMEFORMAT='%R %U %S'
bench_tmpdir

median() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (!NR) { print "-"; exit }
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.1f [%.1f - %.1f]\n", m, v[1], v[NR] }'
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for arch in $archs; do
	for smp in 1 2; do
		f=$tmp/$arch.$smp
		: >"$f"
		for i in $(seq "$runs"); do
			if ! { time "${pin[@]}" tools/qemu_run.sh --arch "$arch" \
				--image "$bin/bench/sched/smp_bench_$arch" \
				--timeout 600 -- -smp "$smp" \
				-accel "$accel" >"$tmp/log" 2>&1; } 2>"$tmp/time" ||
				! grep -q "smp_bench: done" "$tmp/log"; then
				echo "smp_bench.sh: $arch -smp $smp run $i failed:" >&2
				cat "$tmp/log" >&2
				exit 1
			fi
			if grep -qi "mttcg\|thread=multi.*not" "$tmp/log"; then
				echo "smp_bench.sh: QEMU refused MTTCG for $arch:" >&2
				grep -i "mttcg\|thread" "$tmp/log" >&2
				exit 1
			fi
			sed -n 's/^smp_bench: cpu-bound: \([0-9]*\) us .* on \([0-9]*\) CPUs.*/cpu|\1|\2/p;
				s/^smp_bench: cpu-bound pinned: \([0-9]*\) us .*/pinned|\1/p;
				s/^smp_bench: same-CPU switch: \([0-9.]*\) .*/switch|\1/p;
				s/^smp_bench: cross-CPU futex ping-pong: \([0-9.]*\) .*/pingpong|\1/p' \
				"$tmp/log" >>"$f"
			awk '{ printf "host|%.2f\n", ($2 + $3) / $1 }' "$tmp/time" >>"$f"
		done
	done
	echo "$arch (QEMU -accel $accel, median [min - max] of $runs boots)"
	for smp in 1 2; do
		f=$tmp/$arch.$smp
		echo "  -smp $smp: CPU-bound, 4 threads (ms): $(grep '^cpu|' "$f" |
			cut -d'|' -f2 | awk '{ print $1 / 1000 }' | median)," \
			"threads seen on $(grep '^cpu|' "$f" | cut -d'|' -f3 |
				sort -u | tr '\n' ' ')CPU(s)"
		echo "  -smp $smp: same-CPU switch (ns): $(grep '^switch|' "$f" |
			cut -d'|' -f2 | median)"
		echo "  -smp $smp: host CPUs QEMU got: $(grep '^host|' "$f" |
			cut -d'|' -f2 | median)"
	done
	echo "  -smp 2: CPU-bound, thread i pinned to CPU i mod 2 (ms):" \
		"$(grep '^pinned|' "$tmp/$arch.2" | cut -d'|' -f2 |
			awk '{ print $1 / 1000 }' | median)"
	echo "  -smp 2: cross-CPU futex ping-pong (ns per round trip):" \
		"$(grep '^pingpong|' "$tmp/$arch.2" | cut -d'|' -f2 | median)"
	t1=$(grep '^cpu|' "$tmp/$arch.1" | cut -d'|' -f2 | median | cut -d' ' -f1)
	t2=$(grep '^cpu|' "$tmp/$arch.2" | cut -d'|' -f2 | median | cut -d' ' -f1)
	awk -v a="$t1" -v b="$t2" \
		'BEGIN { printf "  speed-up of -smp 2 over -smp 1 (medians): %.2fx\n", a / b }'
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
