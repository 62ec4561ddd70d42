#!/usr/bin/env bash
# Time from QEMU's start to httpreply's first HTTP answer for a client that
# polls from the start (curl every 10 ms, 0.5 s timeout), as a user's curl
# loop beside `bazel run //images:httpreply_<arch>` does: with the default
# DHCP and with a static address (-append "netdev.ip=10.0.2.15/24
# netdev.gw=10.0.2.2"), alternated boot by boot so that the machine's load
# weighs on both alike. Prints each boot (with the time to the console's
# "Listening") and the medians (issue 16 item 6).
#
#   bench/http/first_answer.sh [RUNS] [ARCH] [IMAGE]
#   e.g. bench/http/first_answer.sh 7 arm64
# RUNS boots of each (default 7); ARCH x86_64 (default) or arm64; IMAGE an
# httpreply image file to use instead of //images:httpreply_ARCH (e.g. one
# built at an older commit).
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
runs=${1:-7}
arch=${2:-x86_64}
image=${3:-}
if [ -z "$image" ]; then
	target=//images:httpreply_$arch
	bench_build "$target" 2> /dev/null || bench_build "$target"
	image=$bin/images/httpreply_$arch
fi
static="netdev.ip=10.0.2.15/24 netdev.gw=10.0.2.2"
port=$(bench_free_port "")
bench_tmpdir
work=$tmp

# Boots the image (with kernel command line $1, if any) and sets $answer to
# the seconds from QEMU's start to the first complete answer (up to 60 s),
# $listening to those to the console's "Listening" (a watcher reads it as
# it comes, while curl may wait). QEMU runs in its own process group so
# that bench_stop ends all of it.
first_answer() {
	local start watcher
	: > "$work/log"
	rm -f "$work/listening"
	start=$(date +%s%N)
	TESSERA_HTTP_PORT=$port setsid tools/qemu_run.sh --arch "$arch" \
		--image "$image" --net --timeout 120 ${1:+--append "$1"} \
		-- -m 64 > "$work/log" 2>&1 &
	qemu_pid=$!
	(
		until grep -q Listening "$work/log"; do sleep 0.002; done
		date +%s%N > "$work/listening"
	) &
	watcher=$!
	until curl -s --max-time 0.5 "http://127.0.0.1:$port/" | grep -q "It works"; do
		if [ $(($(date +%s%N) - start)) -gt 60000000000 ]; then
			bench_stop
			return 1
		fi
		sleep 0.01
	done
	answer=$(awk -v s="$start" -v e="$(date +%s%N)" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')
	wait "$watcher"
	listening=$(awk -v s="$start" -v e="$(cat "$work/listening")" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')
	bench_stop
}
median() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
		if (NR % 2) printf "%.3f", v[(NR + 1) / 2];
		else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

dhcp=() fixed=() dhcp_l=() fixed_l=()
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$runs"); do
	first_answer "" || { echo "DHCP boot $i did not serve"; exit 1; }
	dhcp+=("$answer") dhcp_l+=("$listening")
	held=$(grep -o "frames held for the lease: .*" "$work/log" || true)
	first_answer "$static" || { echo "static boot $i did not serve"; exit 1; }
	fixed+=("$answer") fixed_l+=("$listening")
	echo "boot $i: DHCP ${dhcp[-1]} s (Listening ${dhcp_l[-1]} s)${held:+ ($held)}," \
		"static ${fixed[-1]} s (Listening ${fixed_l[-1]} s)"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
m_dhcp=$(median "${dhcp[@]}") m_static=$(median "${fixed[@]}")
echo "$arch first answer, median of $runs: DHCP $m_dhcp s, static $m_static s"
echo "$arch Listening, median of $runs: DHCP $(median "${dhcp_l[@]}") s, static $(median "${fixed_l[@]}") s"
awk -v d="$m_dhcp" -v s="$m_static" 'BEGIN { printf "first answer, DHCP - static: %+.0f ms\n", (d - s) * 1000 }'
