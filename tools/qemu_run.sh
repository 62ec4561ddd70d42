#!/usr/bin/env bash
# Boots a Tessera image in QEMU (TCG unless TESSERA_KVM=1) with the serial console on
# stdout and exits with the guest's exit status.
#
#   qemu_run.sh --arch x86_64|arm64 --image FILE [--timeout SECONDS]
#               [--qemu EMULATOR] [--machine MACHINE]
#               [--net [--guest-port PORT]] [--append CMDLINE]
#               [--share DIR:TAG]... [--symbols FILE.dbg]
#               [-- QEMU ARGS...]
#
# --qemu and --machine come from the image's platform (UnikernelImageInfo,
# //platforms:defs.bzl); launchers and QEMU tests pass them. Scripts that
# boot an image by hand may leave them out: the architecture's defaults
# below are the same values.
# Exit status, each case with a message on stderr except the first:
#   0..255  the guest's exit status: the guest wrote "exit N" on its exit
#           channel (isa-debugcon port 0xe9 on x86_64, the semihosting
#           console on arm64) and QEMU then exited as that exit asks
#           (isa-debug-exit's (N << 1) | 1 on x86_64, semihosting's N on
#           arm64). The exit line is what tells a guest's exit 0 (QEMU
#           status 1 on x86_64) or exit 1 (arm64) from QEMU's own error
#           exit 1; it goes to a file of ours, never to the console.
#   124     timeout (--timeout)
#   125     the guest stopped without reporting a status (reset or triple
#           fault under -no-reboot, power-off by other means)
#   2       also: -m below the image's minimum memory (IMAGE.size.txt)
#   126     QEMU failed: it exited non-zero without a guest exit (bad
#           option, no memory for -m, missing file ...)
#   128+S   QEMU was killed by signal S
#   2       bad arguments; or, in a test, the host's packages differ from
#           those its result is keyed on (tools/host_tools.bzl)
# --net adds a virtio-net NIC on QEMU user networking that forwards
# 127.0.0.1:$TESSERA_HTTP_PORT (default: the guest port) to the guest's
# port PORT (default 8123).
# --share gives the guest host directory DIR as a virtio-9p device with
# mount tag TAG (virtio-9p-pci on x86_64, virtio-9p-device on arm64;
# security_model=none: files keep the host user's ownership). The guest
# mounts it with the boot option vfs.mount=TAG:/PATH:9pfs
# (//posix/fs:vfs_mount). Repeatable.
# --symbols names the image's ELF with symbols: each line of a crash
# report's backtrace ("  #N 0xADDRESS") then also gets the function and
# source line, from LLVM's llvm-symbolizer.
set -uo pipefail

arch= image= timeout_s= net= guest_port=8123 append= symbols= qemu= machine=
shares=()
while [ $# -gt 0 ]; do
	case "$1" in
	--arch) arch=$2; shift 2 ;;
	--image) image=$2; shift 2 ;;
	--qemu) qemu=$2; shift 2 ;;
	--machine) machine=$2; shift 2 ;;
	--timeout) timeout_s=$2; shift 2 ;;
	--net) net=1; shift ;;
	--guest-port) guest_port=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--share) shares+=("$2"); shift 2 ;;
	--symbols) symbols=$2; shift 2 ;;
	--) shift; break ;;
	*) echo "qemu_run.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
if [ -z "$arch" ] || [ ! -f "$image" ]; then
	echo "qemu_run.sh: need --arch and an existing --image (got '$image')" >&2
	exit 2
fi

# In a test, the result is keyed on the host's packages as
# @host_tools//:versions.txt records them (tools/host_tools.bzl): the test
# needs that file (//tools:qemu_runner in its data), and the host must
# still have those versions.
if [ -n "${TEST_SRCDIR:-}" ]; then
	versions=$TEST_SRCDIR/host_tools/versions.txt
	if [ ! -f "$versions" ]; then
		echo "qemu_run.sh: no $versions: a test that boots QEMU needs" \
			"//tools:qemu_runner in its data" >&2
		exit 2
	fi
	"$(dirname "${BASH_SOURCE[0]}")/host_tools.sh" --check "$versions" ||
		exit 2
fi

port=${TESSERA_HTTP_PORT:-$guest_port}
work=$(mktemp -d "${TEST_TMPDIR:-${TMPDIR:-/tmp}}/qemu_run.XXXXXX") || exit 2
writer=
trap '[ -n "$writer" ] && kill "$writer" 2> /dev/null; rm -rf "$work"' EXIT
exit_file=$work/exit
qemu_err=$work/stderr
common=(-nodefaults -display none -serial stdio -m 64 -no-user-config
	-chardev "file,id=exitline,path=$exit_file")
case "$arch" in
x86_64)
	qemu=${qemu:-qemu-system-x86_64}
	args=(-M "${machine:-pc}" -cpu max -no-reboot
	      -device isa-debug-exit,iobase=0xf4,iosize=0x04
	      -device isa-debugcon,iobase=0xe9,chardev=exitline)
	# microvm has no PCI: its virtio devices sit on virtio-mmio.
	case "${machine:-pc}" in
	microvm*) nic=virtio-net-device v9p=virtio-9p-device ;;
	*) nic=virtio-net-pci v9p=virtio-9p-pci ;;
	esac
	;;
arm64)
	qemu=${qemu:-qemu-system-aarch64}
	args=(-M "${machine:-virt}" -cpu cortex-a57
	      -semihosting-config enable=on,target=native,chardev=exitline
	      -no-reboot)
	nic=virtio-net-device
	v9p=virtio-9p-device
	;;
*)
	echo "qemu_run.sh: unknown arch $arch" >&2
	exit 2
	;;
esac
if [ -n "$net" ]; then
	args+=(-netdev "user,id=n0,hostfwd=tcp:127.0.0.1:${port}-:${guest_port}"
	       -device "$nic,netdev=n0")
fi
for i in "${!shares[@]}"; do
	dir=${shares[$i]%:*} tag=${shares[$i]##*:}
	if [ "$dir" = "${shares[$i]}" ] || [ -z "$tag" ] || [ ! -d "$dir" ]; then
		echo "qemu_run.sh: --share needs DIR:TAG with an existing DIR" \
			"(got '${shares[$i]}')" >&2
		exit 2
	fi
	args+=(-fsdev "local,id=share$i,path=$dir,security_model=none"
	       -device "$v9p,fsdev=share$i,mount_tag=$tag")
done
# TCG by default: results must not depend on the host's virtualisation.
# TESSERA_KVM=1 opts in where KVM works.
if [ "${TESSERA_KVM:-0}" = 1 ]; then
	args+=(-accel kvm)
fi
[ -n "$append" ] && args+=(-append "$append")

# QEMU's -m value in MiB (N, NK, NM, NG, NT; size=N... with other
# options), or nothing when it is not a plain number.
mem_mib() {
	local v=${1#size=}
	v=${v%%,*}
	case "$v" in
	*[kK]) v=${v%?}; [[ $v =~ ^[0-9]+$ ]] && echo $((v / 1024)) ;;
	*[mM]) v=${v%?}; [[ $v =~ ^[0-9]+$ ]] && echo "$v" ;;
	*[gG]) v=${v%?}; [[ $v =~ ^[0-9]+$ ]] && echo $((v * 1024)) ;;
	*[tT]) v=${v%?}; [[ $v =~ ^[0-9]+$ ]] && echo $((v * 1024 * 1024)) ;;
	*) [[ $v =~ ^[0-9]+$ ]] && echo "$v" ;;
	esac
}

# The image's size report (tools/size_report.sh) names the least memory it
# boots in: with less, the kernel does not fit (on arm64 QEMU then starts
# it outside RAM, a silent hang), and at -m 1 QEMU never even hands it
# control. Refuse it.
# QEMU takes the last -m.
all=("${common[@]}" "${args[@]}" "$@")
mem=
for i in "${!all[@]}"; do
	[ "${all[$i]}" = -m ] && mem=$(mem_mib "${all[$((i + 1))]:-}")
done
min_mem=$(sed -n 's/^minimum memory: \([0-9]*\) MiB$/\1/p' \
	"$image.size.txt" 2> /dev/null)
if [ -n "$mem" ] && [ -n "$min_mem" ] && [ "$mem" -lt "$min_mem" ]; then
	echo "qemu_run.sh: -m $mem MiB is less than the $min_mem MiB" \
		"$(basename "$image") needs (its size report," \
		"$(basename "$image").size.txt); give it at least -m $min_mem" >&2
	exit 2
fi

# Each user-network NIC has its own QEMU DHCP server, 10.0.2.0/24 unless
# its net= says otherwise: two on the same subnet both get 10.0.2.15 and
# the guest answers on neither reliably. Warn (README, "Two NICs").
nets=()
for i in "${!all[@]}"; do
	case "${all[$i]}" in -netdev | -nic) ;; *) continue ;; esac
	opts=${all[$((i + 1))]:-}
	case "$opts" in user,* | user) ;; *) continue ;; esac
	net_opt=10.0.2.0/24
	[[ ,$opts, =~ ,net=([^,]*), ]] && net_opt=${BASH_REMATCH[1]}
	for n in "${nets[@]}"; do
		if [ "$n" = "$net_opt" ]; then
			echo "qemu_run.sh: warning: two NICs on QEMU's user network" \
				"$net_opt: both get the same address by DHCP; give" \
				"each its own net= (e.g. -netdev user,id=n1,net=10.0.3.0/24)" >&2
			break 2
		fi
	done
	nets+=("$net_opt")
done

# x86_64: the host's time for the guest to place the CMOS clock's seconds
# on the host's clock (plat/x86_64/rtc_phase). QEMU starts the CMOS clock
# at the host's whole second plus the fraction at which it creates it, and
# reads -fw_cfg files after creating the machine's devices: a FIFO whose
# writer takes the time when QEMU opens it gives a time just after the
# CMOS clock's start. Only at run time: nothing enters the image.
if [ "$arch" = x86_64 ]; then
	mkfifo "$work/host_time"
	(exec 4> "$work/host_time" && printf '%s000' "${EPOCHREALTIME/./}" >&4) &
	writer=$!
	args+=(-fw_cfg "name=opt/tessera/host_time_ns,file=$work/host_time")
fi
cmd=("$qemu" "${common[@]}" "${args[@]}" -kernel "$image" "$@")
if [ -n "$timeout_s" ]; then
	cmd=(timeout --foreground -k 5 "$timeout_s" "${cmd[@]}")
fi

# Copies the console through, adding "in FUNCTION at FILE:LINE" to the
# backtrace lines of a crash report (the faulting PC, then call sites).
symbolizer=/usr/lib/llvm-19/bin/llvm-symbolizer
symbolize() {
	local line addr fn loc cr=$'\r'
	while IFS= read -r line; do
		line=${line%"$cr"}
		if [[ $line =~ ^\ +#[0-9]+\ +0x([0-9a-f]{16})$ ]]; then
			addr=0x${BASH_REMATCH[1]}
			fn= loc=
			{ read -r fn; read -r loc; } < <("$symbolizer" \
				--obj="$symbols" "$addr" 2> /dev/null)
			[ -n "$fn" ] && [ "$fn" != "??" ] && line+=" in $fn at ${loc#./}"
		fi
		printf '%s\n' "$line"
	done
}

# QEMU's stderr reaches ours and a file: "terminating on signal N" there
# is how a QEMU stopped by SIGTERM (which then exits 0) is told from a
# guest reset. The console (stdout) goes to fd 3.
run_qemu() {
	"${cmd[@]}" 2>&1 1>&3 3>&- | tee "$qemu_err" >&2
	return "${PIPESTATUS[0]}"
}

if [ -n "$symbols" ] && [ -f "$symbols" ] && [ -x "$symbolizer" ]; then
	run_qemu 3>&1 | symbolize
	rc=${PIPESTATUS[0]}
else
	run_qemu 3>&1
	rc=$?
fi

guest=$(sed -n 's/^exit \([0-9]\{1,3\}\)$/\1/p' "$exit_file" 2> /dev/null |
	tail -n 1)
if [ -n "$guest" ]; then
	case "$arch" in
	x86_64) want=$((((guest << 1) | 1) & 0xff)) ;;
	arm64) want=$guest ;;
	esac
	[ "$rc" -eq "$want" ] && exit "$guest"
fi
if [ -n "$timeout_s" ] && [ "$rc" -eq 124 ]; then
	echo "qemu_run.sh: timed out after ${timeout_s}s" >&2
	exit 124
fi
sig=$(sed -n 's/.*terminating on signal \([0-9]\{1,2\}\).*/\1/p' \
	"$qemu_err" | tail -n 1)
if [ -n "$sig" ] || [ "$rc" -gt 128 ]; then
	sig=${sig:-$((rc - 128))}
	echo "qemu_run.sh: QEMU was killed by signal $sig" >&2
	exit $((128 + sig))
fi
if [ "$rc" -ne 0 ]; then
	echo "qemu_run.sh: QEMU failed with status $rc before the guest" \
		"reported an exit status" >&2
	exit 126
fi
echo "qemu_run.sh: guest stopped without reporting a status (reset," \
	"triple fault or power-off)" >&2
exit 125
