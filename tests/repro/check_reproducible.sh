#!/usr/bin/env bash
# Reproducibility check: builds every image and the release archive
# (//release) from two clones of HEAD at different paths, in two fresh
# output bases, and asserts that every image, debug ELF, size report,
# launcher and the release archive are bit-for-bit identical. The second
# build also runs with another umask (077) and, when this runs as root, as
# another user (nobody, with its own Bazel output root and a copy of the
# pinned sources); the release archive must not depend on either. With
# --this-checkout the first build is this checkout's own (in its usual
# output base, where CI has just built everything), which saves one full
# build.
#
#   tests/repro/check_reproducible.sh [--this-checkout] [TARGET...]
#   (default targets //images:all //release)
set -euo pipefail
trap 'echo "repro: FAILED: command at line $LINENO failed" >&2' ERR
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
this=
if [ "${1:-}" = --this-checkout ]; then
	this=1
	shift
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(//images:all //release)
release=release/release.tar.gz

work=$(mktemp -d /tmp/tessera-repro.XXXXXX)
# The second build's user: nobody when we are root and can switch to it.
as_user=()
if [ "$(id -u)" -eq 0 ] && command -v setpriv > /dev/null && id nobody > /dev/null 2>&1; then
	as_user=(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups)
fi
shutdown_all() {
	for d in "$work/a/src" "$work/b/deeper/path/src"; do
		[ -d "$d" ] || continue
		if [ -f "$d.user" ]; then
			(cd "$d" && "${as_user[@]}" env HOME="$d.home" /usr/bin/bazel-4 \
				--output_user_root="$d.root" --output_base="$d.out" shutdown)
		else
			(cd "$d" && /usr/bin/bazel-4 --output_base="$d.out" shutdown)
		fi > /dev/null 2>&1 || true
	done
}
cleanup() {
	shutdown_all
	rm -rf "$work"
}
trap cleanup EXIT

# Builds the targets in checkout $1 and writes the sums of its outputs to
# file $2; $3 "clone": $1 is first made a fresh clone with its own output
# base; $3 "clone-other": that, with umask 077 and as the other user.
build() {
	local dir=$1 sums=$2 bazel_args=() run=() cache
	if [ "$3" != this ]; then
		mkdir -p "$(dirname "$dir")"
		git clone -q "$top" "$dir"
		bazel_args=(--output_base="$dir.out")
	fi
	if [ "$3" = clone-other ] && [ ${#as_user[@]} -gt 0 ]; then
		# The other user gets its own setup stamp and pinned sources
		# (setup.sh --check and the pinned_source rule look there),
		# home and Bazel output root.
		cache=${XDG_CACHE_HOME:-$HOME/.cache}/tessera
		mkdir -p "$dir.cache/tessera" "$dir.home" "$dir.root" "$dir.out"
		cp -r "${TESSERA_DISTDIR:-$cache/distdir}" "$dir.cache/tessera/distdir"
		cp "$cache/setup.stamp" "$dir.cache/tessera/"
		touch "$dir.user"
		chmod 755 "$work" "$work/b" "$work/b/deeper" "$work/b/deeper/path"
		chown -R nobody "$dir" "$dir.cache" "$dir.home" "$dir.root" "$dir.out"
		run=("${as_user[@]}" env HOME="$dir.home" XDG_CACHE_HOME="$dir.cache"
			TESSERA_DISTDIR="$dir.cache/tessera/distdir")
		bazel_args=(--output_user_root="$dir.root" "${bazel_args[@]}")
		echo "repro: second build as user nobody, umask 077"
	fi
	if [ "$3" = clone-other ]; then
		(cd "$dir" && umask 077 && "${run[@]}" ./bazelw "${bazel_args[@]}" \
			build "${targets[@]}") > "$work/build.log" 2>&1
	else
		(cd "$dir" && ./bazelw "${bazel_args[@]}" build "${targets[@]}") \
			> "$work/build.log" 2>&1
	fi || {
		cat "$work/build.log"
		echo "repro: build in $dir failed" >&2
		exit 1
	}
	if [ -f "$dir/bazel-bin/$release" ]; then
		cp "$dir/bazel-bin/$release" "$sums.tar.gz"
	fi
	(cd "$dir/bazel-bin" && find . -type f \( -name '*.dbg' -o -name '*.size.txt' -o -name '*.run' \) |
		while read -r f; do
			img=${f%.dbg}; img=${img%.size.txt}; img=${img%.run}
			sha256sum "$f"
			# The release's staged launchers have no image beside them.
			if [ -f "$img" ]; then sha256sum "$img"; fi
		done | sort -u -k2) > "$sums"
}

if [ -n "$this" ]; then
	build "$top" "$work/first.sums" this
else
	build "$work/a/src" "$work/first.sums" clone
fi
build "$work/b/deeper/path/src" "$work/second.sums" clone-other
n=$(wc -l < "$work/second.sums")
if [ "$n" -eq 0 ]; then
	echo "repro: no images were built" >&2
	exit 1
fi
# This checkout's bazel-bin may hold more images (test images): compare
# the files of the fresh clone's build, each of which must be there.
awk 'NR == FNR { want[$2] = 1; next } $2 in want' \
	"$work/second.sums" "$work/first.sums" > "$work/first.common"
if ! diff -u "$work/first.common" "$work/second.sums"; then
	echo "repro: FAILED: outputs differ between checkouts (diff above)" >&2
	exit 1
fi
if [ -f "$work/second.sums.tar.gz" ]; then
	if ! cmp -s "$work/first.sums.tar.gz" "$work/second.sums.tar.gz"; then
		for i in first second; do
			mkdir "$work/$i.x"
			tar -xzf "$work/$i.sums.tar.gz" -C "$work/$i.x"
			cat "$work/$i.x"/*/SHA256SUMS > "$work/$i.x.sums"
		done
		diff -u "$work/first.x.sums" "$work/second.x.sums" >&2 ||
			diff -ru "$work/first.x" "$work/second.x" >&2 || true
		echo "repro: FAILED: the release archives differ (diff above)" >&2
		exit 1
	fi
	echo "repro: release archive identical:" \
		"$(sha256sum < "$work/second.sums.tar.gz" | cut -d' ' -f1)"
fi
echo "repro: PASSED: $n image files identical across two checkouts"
