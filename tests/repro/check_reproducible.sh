#!/usr/bin/env bash
# Reproducibility check: builds every image from two clones of HEAD at
# different paths, in two fresh output bases, and asserts that every image,
# debug ELF and size report is bit-for-bit identical. With --this-checkout
# the first build is this checkout's own (in its usual output base, where
# CI has just built everything), which saves one full build.
#
#   tests/repro/check_reproducible.sh [--this-checkout] [TARGET...]
#   (default target //images:all)
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
this=
if [ "${1:-}" = --this-checkout ]; then
	this=1
	shift
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(//images:all)

work=$(mktemp -d /tmp/tessera-repro.XXXXXX)
cleanup() {
	for d in "$work/a/src" "$work/b/deeper/path/src"; do
		[ -d "$d" ] && (cd "$d" && /usr/bin/bazel-4 --output_base="$d.out" shutdown) > /dev/null 2>&1 || true
	done
	rm -rf "$work"
}
trap cleanup EXIT

# Builds the targets in checkout $1 and writes the sums of its outputs to
# file $2; $3 "clone": $1 is first made a fresh clone with its own output
# base.
build() {
	local dir=$1 sums=$2 bazel_args=()
	if [ "$3" = clone ]; then
		mkdir -p "$(dirname "$dir")"
		git clone -q "$top" "$dir"
		bazel_args=(--output_base="$dir.out")
	fi
	(cd "$dir" && ./bazelw "${bazel_args[@]}" build "${targets[@]}" > "$work/build.log" 2>&1) || {
		cat "$work/build.log"
		echo "repro: build in $dir failed" >&2
		exit 1
	}
	(cd "$dir/bazel-bin" && find . -type f \( -name '*.dbg' -o -name '*.size.txt' -o -name '*.run' \) |
		while read -r f; do
			img=${f%.dbg}; img=${img%.size.txt}; img=${img%.run}
			sha256sum "$f"
			[ -f "$img" ] && sha256sum "$img"
		done | sort -u -k2) > "$sums"
}

if [ -n "$this" ]; then
	build "$top" "$work/first.sums" this
else
	build "$work/a/src" "$work/first.sums" clone
fi
build "$work/b/deeper/path/src" "$work/second.sums" clone
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
echo "repro: PASSED: $n image files identical across two checkouts"
