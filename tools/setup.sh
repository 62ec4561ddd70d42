#!/usr/bin/env bash
# Sets up a Debian 12 machine for Tessera: apt sources for deb-src and
# bookworm-backports (derived from the machine's own debian.sources), the
# pinned packages, and the pinned third-party source tarballs in the
# distdir, each checked against third_party/sources.lock.
#
#   tools/setup.sh          install whatever is missing
#   tools/setup.sh --check  exit 0 when the machine is set up, 1 otherwise
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
lock=$top/third_party/sources.lock
distdir=${TESSERA_DISTDIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tessera/distdir}
stamp=${XDG_CACHE_HOME:-$HOME/.cache}/tessera/setup.stamp

# Debian packages; versions are checked below where Debian lets us pin.
# clang-format-19 formats our sources (.clang-format); libclang-rt-19-dev
# holds libFuzzer and the sanitizers for --config=fuzz; redis-tools
# (redis-cli, redis-benchmark) drive the Redis image's system test;
# gdb-multiarch debugs images of both architectures (README "Debugging");
# musl-tools, musl-dev:arm64 and gcc-aarch64-linux-gnu build the Linux VM
# baseline's static binaries (bench/apps/linux_apps_build.sh).
packages=(bazel-bootstrap bazel-rules-java clang-19 lld-19 llvm-19 googletest python3 make tcl
	  patch curl nginx wrk clang-format-19 libclang-rt-19-dev redis-tools
	  gdb-multiarch musl-tools musl-dev:arm64 gcc-aarch64-linux-gnu)
backports=(qemu-system-x86 qemu-system-arm)
declare -A want_version=(
	[bazel-bootstrap]='4.2.3+*'
	[clang-19]='1:19.*'
	[lld-19]='1:19.*'
	[qemu-system-x86]='1:10.*'
	[qemu-system-arm]='1:10.*'
)

stamp_key() {
	cat "${BASH_SOURCE[0]}" "$lock" | sha256sum | cut -d' ' -f1
}

if [ "${1:-}" = "--check" ]; then
	[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(stamp_key)" ] &&
		[ -x /usr/bin/bazel-4 ] && [ -x /usr/lib/llvm-19/bin/clang ] &&
		[ -x /usr/bin/qemu-system-x86_64 ] &&
		[ -x /usr/bin/qemu-system-aarch64 ] || exit 1
	while read -r pkg ver file sum; do
		case "$pkg" in '#'* | '') continue ;; esac
		[ -f "$distdir/$file" ] || exit 1
	done < "$lock"
	exit 0
fi

say() { echo "tessera setup: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

sudo=
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo > /dev/null || die "run as root or install sudo"
	sudo=sudo
fi

# 1. Apt sources: deb-src for every suite the machine uses, plus
# bookworm-backports (QEMU 10: bookworm's 7.2 has no x2APIC under TCG).
# Derived from the machine's own mirror configuration.
src=/etc/apt/sources.list.d/debian.sources
ours=/etc/apt/sources.list.d/tessera.sources
if [ ! -f "$ours" ]; then
	[ -f "$src" ] || die "$src not found: cannot derive apt sources"
	uri=$(awk '/^URIs:/ { print $2; exit }' "$src")
	keyring=$(awk '/^Signed-By:/ { print $2; exit }' "$src")
	[ -n "$uri" ] || die "no URIs: line in $src"
	say "adding deb-src and bookworm-backports entries derived from $src"
	{
		echo "# Derived from $src by Tessera's tools/setup.sh."
		awk '/^Types:/ { print "Types: deb-src"; next } /^#/ { next } { print }' "$src"
		printf '\nTypes: deb deb-src\nURIs: %s\nSuites: bookworm-backports\nComponents: main\n' "$uri"
		[ -n "$keyring" ] && printf 'Signed-By: %s\n' "$keyring"
	} | $sudo tee "$ours" > /dev/null
	$sudo apt-get update -q
fi

# 2. Packages. A package of a foreign architecture needs it in dpkg first.
for p in "${packages[@]}"; do
	case "$p" in *:*)
		if ! dpkg --print-foreign-architectures | grep -qx "${p#*:}"; then
			$sudo dpkg --add-architecture "${p#*:}"
			$sudo apt-get update -q
		fi ;;
	esac
done
installed_version() {
	dpkg-query -W -f='${db:Status-Abbrev} ${Version}\n' "$1" 2> /dev/null |
		awk '$1 == "ii" { print $2 }'
}
missing=() missing_bp=()
for p in "${packages[@]}"; do
	[ -n "$(installed_version "$p")" ] || missing+=("$p")
done
for p in "${backports[@]}"; do
	# shellcheck disable=SC2053
	[[ "$(installed_version "$p")" == ${want_version[$p]} ]] || missing_bp+=("$p")
done
if [ ${#missing[@]} -gt 0 ] || [ ${#missing_bp[@]} -gt 0 ]; then
	say "installing: ${missing[*]} ${missing_bp[*]}"
	$sudo apt-get update -q
	export DEBIAN_FRONTEND=noninteractive
	if [ ${#missing[@]} -gt 0 ]; then
		$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
	fi
	if [ ${#missing_bp[@]} -gt 0 ]; then
		$sudo apt-get install -y -q --no-install-recommends \
			-t bookworm-backports "${missing_bp[@]}"
	fi
fi
for p in "${!want_version[@]}"; do
	v=$(installed_version "$p")
	# shellcheck disable=SC2053
	[[ "$v" == ${want_version[$p]} ]] ||
		die "$p is at version '${v:-none}', Tessera needs ${want_version[$p]}"
done
# Debian's bazel wrapper looks for bazel-<.bazelversion>; the package ships
# 4.2.3 as bazel-4.
[ -e /usr/bin/bazel-4.2.3 ] || $sudo ln -s bazel-4 /usr/bin/bazel-4.2.3

# 3. Pinned third-party sources.
# source_revisions PKG FILE SHA256: the Debian versions of source package
# PKG whose files include FILE with that sha256, newest first.
source_revisions() {
	apt-cache showsrc "$1" | awk -v pkg="$1" -v file="$2" -v sum="$3" '
		/^Package:/ { p = $2 }
		/^Version:/ { v = $2 }
		/^[^ ]/ { c = 0 }
		/^Checksums-Sha256:/ { c = 1; next }
		c && p == pkg && $1 == sum && $3 == file { print v }' |
		sort -u | sort -r -V
}
mkdir -p "$distdir"
while read -r pkg ver file sum; do
	case "$pkg" in '#'* | '') continue ;; esac
	if [ ! -f "$distdir/$file" ]; then
		case "$pkg" in
		*:*)
			# A binary package of a foreign architecture.
			arch=${pkg#*:}
			if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
				say "adding dpkg architecture $arch (for $pkg)"
				$sudo dpkg --add-architecture "$arch"
				$sudo apt-get update -q
			fi
			say "fetching $pkg $ver"
			(cd "$distdir" && apt-get download -q "$pkg=$ver") ||
				die "$pkg: 'apt-get download $pkg=$ver' failed (is version $ver still in the archive?)"
			;;
		*)
			# Any Debian revision whose source ships this very
			# upstream tarball will do; try them until one fetches
			# (a mirror may list a revision it no longer holds).
			revisions=$(source_revisions "$pkg" "$file" "$sum")
			[ -n "$revisions" ] ||
				die "$pkg: no Debian source revision ships $file with sha256 $sum (apt-cache showsrc $pkg)"
			for rev in $revisions; do
				say "fetching $pkg $rev source (for $file)"
				(cd "$distdir" && apt-get source -q --download-only "$pkg=$rev") ||
					say "$pkg: 'apt-get source $pkg=$rev' failed"
				[ -f "$distdir/$file" ] && break
			done
			;;
		esac
	fi
	[ -f "$distdir/$file" ] ||
		die "$pkg $ver: $file not in $distdir after fetching: the package's version or file name changed"
	got=$(sha256sum "$distdir/$file" | cut -d' ' -f1)
	if [ "$got" != "$sum" ]; then
		rm -f "$distdir/$file"
		die "$pkg $ver: $file has sha256 $got, sources.lock pins $sum"
	fi
done < "$lock"

mkdir -p "$(dirname "$stamp")"
stamp_key > "$stamp"
say "machine is set up"
