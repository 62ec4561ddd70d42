#!/bin/bash
# Keeps architecture code in plat/ (issue 11): fails when a source that an
# image is built from, in core/ or posix/, tests __x86_64__/__aarch64__,
# holds inline or out-of-line assembly, or includes a platform-internal
# header (<x86/...>, <arm64/...>); or when plat/virtio includes <x86/...>
# or <arm64/...>.
# Arguments: the sources (tests/archcheck:image_sources), then a fixture
# with every kind of leak, which the scan must catch.
set -euo pipefail

arch_macro='__x86_64__|__aarch64__|__i386__|__arm__|__riscv'
inline_asm='(^|[^[:alnum:]_])(__asm__|__asm|asm)([[:space:]]+(volatile|__volatile__|goto|inline))*[[:space:]]*\('
plat_include='^[[:space:]]*#[[:space:]]*include[[:space:]]*<(x86|arm64)/'
x86_include='^[[:space:]]*#[[:space:]]*include[[:space:]]*<x86/'
arm64_include='^[[:space:]]*#[[:space:]]*include[[:space:]]*<arm64/'

# Prints one line per leak in file $1 (named $2 in messages).
scan() {
	local f=$1 name=$2
	case $name in
	core/* | posix/*)
		case $name in
		*.S | *.s) echo "$name: assembly source outside plat/" ;;
		esac
		grep -nE "$arch_macro" "$f" | sed "s|^|$name:|;s|$| (architecture macro)|" || true
		grep -nE "$inline_asm" "$f" | sed "s|^|$name:|;s|$| (inline assembly)|" || true
		grep -nE "$plat_include" "$f" | sed "s|^|$name:|;s|$| (platform-internal header)|" || true
		;;
	plat/virtio/*)
		grep -nE "$x86_include" "$f" | sed "s|^|$name:|;s|$| (x86 header in plat/virtio)|" || true
		grep -nE "$arm64_include" "$f" | sed "s|^|$name:|;s|$| (arm64 header in plat/virtio)|" || true
		;;
	esac
}

fixture=${*: -1}
set -- "${@:1:$#-1}"

# The scan must see the sources at all, and must catch each kind of leak.
scanned=0
for f in "$@"; do
	if [ ! -r "$f" ]; then
		echo "FAIL: $f is not in the test's runfiles" >&2
		exit 1
	fi
	case $f in core/* | posix/*) scanned=$((scanned + 1)) ;; esac
done
if [ "$scanned" -lt 20 ]; then
	echo "FAIL: only $scanned sources of core/ and posix/ to scan" >&2
	exit 1
fi
for name in posix/leak.c plat/virtio/leak.c; do
	want=4
	[ "$name" = plat/virtio/leak.c ] && want=2
	got=$(scan "$fixture" "$name" | wc -l)
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: the scan finds $got leaks in the fixture as $name, not $want" >&2
		exit 1
	fi
done

leaks=$(for f in "$@"; do scan "$f" "$f"; done)
if [ -n "$leaks" ]; then
	echo "FAIL: architecture code outside plat/<arch> (put it behind a" \
	     "ukplat_* function or a <uk/asm/...> header):" >&2
	echo "$leaks" >&2
	exit 1
fi
echo "PASS: $scanned sources of core/ and posix/, no architecture code"
