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
#
# PERCPU_BENCH_LINUX=1 also runs the same program in a Linux VM and
# prints its row after Tessera's at each -smp: images/httpepoll's source,
# unchanged, linked statically with Debian's musl (musl-gcc, -O2; arm64
# with aarch64-linux-musl-gcc) as /httpepoll of an initramfs whose /init
# is bench/apps/linux_init.c (it loads virtio-net and sets up the NIC as
# on Tessera), on the kernel, machine, CPU model and NIC of
# bench/apps/apps_bench.sh (bench/lib/linux_vm.sh) with its -m 256, the
# same -smp, -accel tcg,thread=multi, user network and wrk load.
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
runs=${1:-3}
archs=${PERCPU_BENCH_ARCHS:-x86_64 arm64}
conns=${PERCPU_BENCH_CONNS:-64}
secs=${PERCPU_BENCH_SECS:-10}
append=${PERCPU_BENCH_APPEND-percpu}
systems=tessera
[ "${PERCPU_BENCH_LINUX:-0}" = 1 ] && systems="tessera linux"
targets=(//tools/rootfs:cpio_pack)
for arch in $archs; do
	targets+=("//images:httpepoll_smp_$arch")
done
bench_build "${targets[@]}" 2> /dev/null || bench_build "${targets[@]}"
bench_tmpdir
work=$tmp
# shellcheck source=bench/lib/linux_vm.sh
. bench/lib/linux_vm.sh

# linux_initramfs: the Linux VM's initramfs for $arch, $work/$arch.cpio:
# /init, the virtio-net modules and /httpepoll with $append's words.
linux_initramfs() {
	local cc=musl-gcc words
	[ "$arch" = arm64 ] && cc=aarch64-linux-musl-gcc
	linux_vm_arch "$arch"
	linux_vm_kernel
	"$cc" -static -O2 -o "$work/init" bench/apps/linux_init.c
	"$cc" -static -O2 -pthread -I. -o "$work/httpepoll" \
		images/httpepoll/main.c images/httpepoll/request.c
	linux_vm_modules "$work/modules"
	read -ra words <<< "$append"
	printf '%s\n' /httpepoll "${words[@]}" > "$work/init.args"
	"$bin/tools/rootfs/cpio_pack" "$work/$arch.cpio" \
		F "$work/init" /init 0755 F "$work/httpepoll" /httpepoll 0755 \
		F "$work/modules" /etc/modules 0644 \
		F "$work/init.args" /etc/init.args 0644 "${module_entries[@]}"
}

# Boots $arch on system $2 (tessera or linux) at -smp $1 on a free port;
# waits (up to 120 s) for the first answer, which also waits for DHCP.
boot() {
	local smp=$1 sys=$2
	port=$(bench_free_port "")
	# The log exists before QEMU's shell opens it (the wait greps it).
	: > "$work/log"
	if [ "$sys" = linux ]; then
		linux_vm_start "$work/$arch.cpio" 256 "$port" 8123 -smp "$smp" \
			-accel tcg,thread=multi > "$work/log" 2>&1
	else
		TESSERA_HTTP_PORT=$port setsid tools/qemu_run.sh --arch "$arch" \
			--image "$bin/images/httpepoll_smp_$arch" --net --timeout 600 \
			--append "$append" -- -smp "$smp" -accel tcg,thread=multi \
			> "$work/log" 2>&1 &
	fi
	qemu_pid=$!
	for _ in $(seq 1 1200); do
		kill -0 "$qemu_pid" 2> /dev/null || break
		if grep -q "httpepoll: listening" "$work/log" &&
			curl -s -m 2 -o /dev/null "http://127.0.0.1:$port/"; then
			return 0
		fi
		sleep 0.1
	done
	echo "percpu_bench.sh: $sys $arch -smp $smp did not serve:" >&2
	cat "$work/log" >&2
	return 1
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for arch in $archs; do
	[ "${PERCPU_BENCH_LINUX:-0}" = 1 ] && linux_initramfs
	for smp in 1 2; do
		for sys in $systems; do
			rates=()
			for _ in $(seq "$runs"); do
				boot "$smp" "$sys"
				out=$(wrk -t 2 -c "$conns" -d "${secs}s" --timeout 10s \
					"http://127.0.0.1:$port/")
				rates+=("$(echo "$out" | sed -n 's/^Requests\/sec: *//p')")
				errs=$(echo "$out" | grep -E "Socket errors|Non-2xx" || true)
				[ -z "$errs" ] || echo "  ($sys $arch -smp $smp: $errs)"
				loops=$(grep -c "httpepoll: loop [0-9]* (CPU [0-9]*): 1 requests" \
					"$work/log" || true)
				bench_stop
			done
			label=
			[ "$sys" = linux ] && label=" Linux VM"
			printf '%s\n' "${rates[@]}" | sort -n | awk -v a="$arch$label" \
				-v s="$smp" -v c="$conns" -v d="$secs" -v l="$loops" \
				-v la="$(cut -d' ' -f1 /proc/loadavg)" \
				'{ v[NR] = $1 } END {
				m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
				printf "%s -smp %s: %.0f req/s [%.0f - %.0f] (wrk, %d connections, %d s, %d boots; last boot: %d loops served; load average %s)\n",
					a, s, m, v[1], v[NR], c, d, NR, l, la }'
		done
	done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
