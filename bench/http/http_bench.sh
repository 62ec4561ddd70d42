#!/usr/bin/env bash
# HTTP benchmark of a Tessera image under QEMU (TCG unless TESSERA_KVM=1):
# boot-to-"Listening" and boot-to-first-answer times from the host (medians
# of 10; the first answer also waits for DHCP), on x86_64 QEMU's own floor
# and the first answer after it, image size, the smallest -m (MiB) that
# still serves, and wrk requests/s at 1 and 16 connections for 10 s.
#
#   bench/http/http_bench.sh [IMAGE_TARGET_BASE] [ARCH]
#   e.g. bench/http/http_bench.sh httpreply x86_64
# The cooperative builds (preempt off) to compare with:
#   bench/http/http_bench.sh //bench/http:httpreply_coop x86_64
# ARCH microvm: the x86_64 image of QEMU's microvm (httpreply_microvm),
# with the machine options of platforms/defs.bzl; its floor kernel runs on
# the same machine. ARCH pvh: the x86_64 image on QEMU pc entered by its
# PVH note instead of multiboot (a copy with the multiboot header disabled,
# tools/pvh_only.sh).
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
name=${1:-httpreply}
arch=${2:-x86_64}
# A label base (//bench/http:httpreply_coop) names an image outside //images.
case $name in
//*) target=${name}_${arch} ;;
*) target=//images:${name}_${arch} ;;
esac
machine=()
pvh=
if [ "$arch" = pvh ]; then
	arch=x86_64
	target=${target%_pvh}_x86_64
	pvh=1
fi
if [ "$arch" = microvm ]; then
	arch=x86_64
	machine=(--machine microvm,acpi=off,pic=off)
fi
bench_build "$target" > /dev/null 2>&1 || bench_build "$target"
pkg=${target#//}
image=$bin/${pkg%%:*}/${target#*:}
port=$(bench_free_port "${TESSERA_HTTP_PORT:-}")
bench_tmpdir
if [ -n "$pvh" ]; then
	tools/pvh_only.sh "$image" "$tmp/pvh_image"
	image=$tmp/pvh_image
fi

# Boots the image with -m $1 MiB; waits for "Listening" (up to 60 s).
# Sets $secs to the seconds from QEMU start to the line, or fails. QEMU
# runs in its own process group so that bench_stop can end all of it: a
# QEMU left behind would keep the port and fail every later boot.
boot() {
	local mem=$1 start
	: > "$tmp/log"
	start=$(date +%s%N)
	TESSERA_HTTP_PORT=$port setsid tools/qemu_run.sh --arch "$arch" \
		"${machine[@]}" --image "$image" --net --timeout 120 -- -m "$mem" > "$tmp/log" 2>&1 &
	qemu_pid=$!
	while ! grep -q "Listening" "$tmp/log"; do
		if ! kill -0 "$qemu_pid" 2> /dev/null ||
			[ $(($(date +%s%N) - start)) -gt 60000000000 ]; then
			bench_stop
			return 1
		fi
		sleep 0.005
	done
	secs=$(awk -v s="$start" -v e="$(date +%s%N)" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')
}
serves() { curl -s --max-time 10 "http://127.0.0.1:$port/" | grep -q "It works"; }

# Seconds from QEMU start ($1, date +%s%N) to the first complete answer,
# asking every 10 ms with a short timeout (up to 60 s).
first_answer() {
	local start=$1
	until curl -s --max-time 0.5 "http://127.0.0.1:$port/" | grep -q "It works"; do
		[ $(($(date +%s%N) - start)) -lt 60000000000 ] || return 1
		sleep 0.01
	done
	answer=$(awk -v s="$start" -v e="$(date +%s%N)" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')
}
median10() {
	printf '%s\n' "$@" | sort -n | sed -n '5p;6p' | awk '{ s += $1 } END { printf "%.3f", s / 2 }'
}

times=() answers=()
for i in $(seq 1 10); do
	t0=$(date +%s%N)
	boot 64 || { echo "image did not boot"; exit 1; }
	times+=("$secs")
	first_answer "$t0" || { echo "image did not serve"; exit 1; }
	answers+=("$answer")
	bench_stop
done
echo "boot to Listening, median of 10: $(median10 "${times[@]}") s"
echo "boot to first answer, median of 10: $(median10 "${answers[@]}") s"

# QEMU's own floor on x86_64: the same QEMU, machine and NIC with a
# 71-byte multiboot kernel that powers off at once: "exit 0\n" to port
# 0xe9 for the runner (tools/qemu_run.sh), then 0 to isa-debug-exit
# (cld; rep outsb; mov $0, %al; out %al, $0xf4). What a unikernel adds is
# the rest.
if [ "$arch" = x86_64 ]; then
	printf '\x02\xb0\xad\x1b\x00\x00\x01\x00\xfe\x4f\x51\xe4%b%b\0\0\0\0\0\0\0\0%b%b' \
		'\x00\x00\x10\x00' '\x00\x00\x10\x00' '\x20\x00\x10\x00' \
		'\xfc\xbe\x40\x00\x10\x00\xb9\x07\x00\x00\x00\xba\xe9\x00\x00\x00\xf3\x6e\xb0\x00\xe6\xf4\xf4\xeb\xfe\0\0\0\0\0\0\0exit 0\n' \
		> "$tmp/floor.bin"
	floors=()
	for i in $(seq 1 10); do
		t0=$(date +%s%N)
		TESSERA_HTTP_PORT=$port tools/qemu_run.sh --arch x86_64 \
			"${machine[@]}" --image "$tmp/floor.bin" --net --timeout 60 > /dev/null 2>&1 ||
			{ echo "the floor kernel did not power off"; exit 1; }
		floors+=("$(awk -v s="$t0" -v e="$(date +%s%N)" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')")
	done
	floor=$(median10 "${floors[@]}")
	echo "QEMU's floor (start to exit of an empty kernel), median of 10: $floor s"
	awk -v a="$(median10 "${answers[@]}")" -v f="$floor" \
		'BEGIN { printf "first answer after QEMU'"'"'s floor: %.3f s\n", a - f }'
fi
echo "image size: $(wc -c < "$image") bytes"

smallest=
for mem in 2 3 4 5 6 8 12 16 24 32 64; do
	if boot "$mem" && serves; then
		smallest=$mem
		bench_stop
		break
	fi
	bench_stop
done
echo "smallest -m that serves: ${smallest:-none} MiB"

boot 64
for c in 1 16; do
	rps=$(wrk -t1 -c"$c" -d10s "http://127.0.0.1:$port/" | awk '/Requests\/sec/ { print $2 }')
	echo "wrk -c$c 10 s: ${rps} requests/s"
done
bench_stop
