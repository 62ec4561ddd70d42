#!/usr/bin/env bash
# Boots a Tessera image in QEMU (TCG unless TESSERA_KVM=1) with the serial console on
# stdout and exits with the guest's exit status.
#
#   qemu_run.sh --arch x86_64|arm64 --image FILE [--timeout SECONDS]
#               [--qemu EMULATOR] [--machine MACHINE]
#               [--net [--guest-port PORT]] [--append CMDLINE]
#               [--symbols FILE.dbg]
#               [-- QEMU ARGS...]
#
# --qemu and --machine come from the image's platform (UnikernelImageInfo,
# //platforms:defs.bzl); launchers and QEMU tests pass them. Scripts that
# boot an image by hand may leave them out: the architecture's defaults
# below are the same values.
# Exit status: the guest's status (0..255, from isa-debug-exit on x86_64,
# semihosting on arm64); 124 on timeout; 125 when the guest stopped without
# reporting a status (reset, triple fault, power-off by other means).
# --net adds a virtio-net NIC on QEMU user networking that forwards
# 127.0.0.1:$TESSERA_HTTP_PORT (default: the guest port) to the guest's
# port PORT (default 8123).
# --symbols names the image's ELF with symbols: each line of a crash
# report's backtrace ("  #N 0xADDRESS") then also gets the function and
# source line, from LLVM's llvm-symbolizer.
set -uo pipefail

arch= image= timeout_s= net= guest_port=8123 append= symbols= qemu= machine=
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
	--symbols) symbols=$2; shift 2 ;;
	--) shift; break ;;
	*) echo "qemu_run.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
if [ -z "$arch" ] || [ ! -f "$image" ]; then
	echo "qemu_run.sh: need --arch and an existing --image (got '$image')" >&2
	exit 2
fi

port=${TESSERA_HTTP_PORT:-$guest_port}
common=(-nodefaults -display none -serial stdio -m 64 -no-user-config)
case "$arch" in
x86_64)
	qemu=${qemu:-qemu-system-x86_64}
	args=(-M "${machine:-pc}" -cpu max -no-reboot
	      -device isa-debug-exit,iobase=0xf4,iosize=0x04)
	nic=virtio-net-pci
	;;
arm64)
	qemu=${qemu:-qemu-system-aarch64}
	args=(-M "${machine:-virt}" -cpu cortex-a57
	      -semihosting-config enable=on,target=native)
	nic=virtio-net-device
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
# TCG by default: results must not depend on the host's virtualisation.
# TESSERA_KVM=1 opts in where KVM works.
if [ "${TESSERA_KVM:-0}" = 1 ]; then
	args+=(-accel kvm)
fi
[ -n "$append" ] && args+=(-append "$append")

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

if [ -n "$symbols" ] && [ -f "$symbols" ] && [ -x "$symbolizer" ]; then
	"${cmd[@]}" | symbolize
	rc=${PIPESTATUS[0]}
else
	"${cmd[@]}"
	rc=$?
fi

if [ "$rc" -eq 124 ]; then
	echo "qemu_run.sh: timed out after ${timeout_s}s" >&2
	exit 124
fi
case "$arch" in
x86_64)
	# isa-debug-exit: QEMU exits with (value << 1) | 1.
	if [ $((rc & 1)) -eq 1 ]; then
		exit $(((rc - 1) / 2))
	fi
	;;
arm64)
	# Semihosting SYS_EXIT reports the status as is; QEMU's own errors
	# (bad option, missing file) come with a message on stderr.
	exit "$rc"
	;;
esac
echo "qemu_run.sh: guest stopped without reporting a status (qemu rc $rc)" >&2
exit 125
