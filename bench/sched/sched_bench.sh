#!/usr/bin/env bash
# Context-switch cost and cross-CPU wake-up latency under QEMU (TCG
# unless TESSERA_KVM=1): boots //bench/sched:sched_bench_<arch> RUNS times
# (default 5) with two CPUs on x86_64 and arm64 and prints, per figure,
# the median ns per switch (or per wake-up) and the range; then the same
# for the cooperative build (sched_bench_coop_<arch>, preempt off).
#
#   bench/sched/sched_bench.sh [RUNS]
#
# BAZEL_OUTPUT_BASE selects Bazel's --output_base (default: Bazel's own).
set -euo pipefail

runs=${1:-5}
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

bench_build //bench/sched:sched_bench_x86_64 //bench/sched:sched_bench_arm64 \
	//bench/sched:sched_bench_coop_x86_64 //bench/sched:sched_bench_coop_arm64
bench_tmpdir

for variant in sched_bench sched_bench_coop; do
	for arch in x86_64 arm64; do
		: >"$tmp/$arch.figures"
		for i in $(seq "$runs"); do
			if ! tools/qemu_run.sh --arch "$arch" \
				--image "$bin/bench/sched/${variant}_$arch" \
				--timeout 300 -- -smp 2 >"$tmp/log" 2>&1 ||
				! grep -q "sched_bench: done" "$tmp/log"; then
				echo "sched_bench.sh: $variant $arch run $i failed:" >&2
				cat "$tmp/log" >&2
				exit 1
			fi
			# "sched_bench: <what>: <ns> ns/<unit> (...)" -> "<what>|<ns>"
			sed -n 's/^sched_bench: \([^:]*\): \([0-9.]*\) ns\/[a-z-]* .*/\1|\2/p' \
				"$tmp/log" >>"$tmp/$arch.figures"
		done
		echo "$variant $arch (QEMU -smp 2, $runs boots): ns per switch or wake-up, median [min - max]"
		cut -d'|' -f1 "$tmp/$arch.figures" | awk '!seen[$0]++' |
			while read -r what; do
				grep -F "$what|" "$tmp/$arch.figures" | cut -d'|' -f2 |
					sort -n | awk -v w="$what" '{ v[NR] = $1 } END {
						m = NR % 2 ? v[(NR + 1) / 2] \
							   : (v[NR / 2] + v[NR / 2 + 1]) / 2
						printf "  %-26s %8.1f  [%.1f - %.1f]\n",
							w, m, v[1], v[NR] }'
			done
	done
done
