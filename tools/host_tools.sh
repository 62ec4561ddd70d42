#!/usr/bin/env bash
# Prints the Debian packages, with their exact versions, of the host
# programs that test results depend on: one "PACKAGE VERSION ARCH" line
# each, sorted. @host_tools//:versions.txt (tools/host_tools.bzl) is this
# output; every QEMU test has it among its inputs.
#
#   host_tools.sh            the list
#   host_tools.sh --check F  exit 1, with the difference, unless the
#                            packages named in F still have F's versions
#
# The packages are those that own the programs tests run (QEMU and the
# firmware and option ROMs it loads, the clients of the system tests,
# LLVM's tools), and the shared libraries those programs load (libslirp
# is QEMU's user network, for instance), found with ldd and dpkg -S.
set -euo pipefail
export LC_ALL=C

# Programs that tests and tools/qemu_run.sh run.
programs=(
	/usr/bin/qemu-system-x86_64
	/usr/bin/qemu-system-aarch64
	/usr/lib/llvm-19/bin/llvm-symbolizer
	/usr/lib/llvm-19/bin/llvm-nm
	/usr/lib/llvm-19/bin/llvm-objdump
	/usr/bin/curl
	/usr/bin/wrk
	/usr/bin/redis-cli
	/usr/bin/redis-benchmark
	/usr/bin/tclsh8.6
	/usr/bin/gdb-multiarch
	/usr/bin/python3
	/usr/bin/perl
	/usr/bin/timeout
	/usr/bin/setsid
	/usr/bin/bash
)
# Files QEMU opens for our machines and devices (strace of its runs):
# SeaBIOS on pc, the multiboot and vAPIC option ROMs, iPXE's ROM for
# virtio-net-pci. arm64's virt machine loads none.
files=(
	/usr/share/seabios/bios-256k.bin
	/usr/share/qemu/multiboot_dma.bin
	/usr/share/qemu/kvmvapic.bin
	/usr/lib/ipxe/qemu/efi-virtio.rom
)

# dpkg knows /lib/x/y where usrmerge made /usr/lib/x/y the real path and
# the other way round: ask for both.
both_paths() {
	local p
	for p in "$@"; do
		echo "$p"
		case "$p" in
		/usr/lib/* | /usr/bin/* | /usr/sbin/*) echo "${p#/usr}" ;;
		/lib/* | /bin/* | /sbin/*) echo "/usr$p" ;;
		esac
	done
}

packages() {
	local real=() p
	for p in "${programs[@]}" "${files[@]}"; do
		[ -e "$p" ] && real+=("$(readlink -f "$p")")
	done
	{
		printf '%s\n' "${real[@]}"
		for p in "${programs[@]}"; do
			[ -x "$p" ] && ldd "$p" 2> /dev/null |
				sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p'
		done
	} | sort -u | while read -r p; do
		both_paths "$p" "$(readlink -f "$p")"
	done | sort -u | xargs -r dpkg-query -S 2> /dev/null |
		sed 's/: .*//; s/, /\n/g' | sed 's/:.*//' | sort -u
}

versions() {
	# ${db:Status-Abbrev} "ii " is installed; a package that is not
	# installed is listed with version "none".
	dpkg-query -W -f '${Package} ${Version} ${Architecture} ${db:Status-Abbrev}\n' \
		"$@" 2> /dev/null |
		awk '$4 == "ii" { print $1, $2, $3 }' | sort -u
}

if [ "${1:-}" = --check ]; then
	recorded=$2
	names=$(awk '{ print $1 }' "$recorded")
	# shellcheck disable=SC2086 # one word per package name
	now=$(versions $names)
	if [ "$now" != "$(cat "$recorded")" ]; then
		echo "host_tools.sh: the host's packages differ from" \
			"@host_tools//:versions.txt, which keys test results:" >&2
		diff <(cat "$recorded") <(echo "$now") >&2 || true
		echo "host_tools.sh: restart Bazel (bazel shutdown) or run" \
			"'bazel sync --configure' to record them" >&2
		exit 1
	fi
	exit 0
fi

# shellcheck disable=SC2046 # one word per package name
versions $(packages)
