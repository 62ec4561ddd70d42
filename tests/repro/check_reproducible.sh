#!/usr/bin/env bash
# Reproducibility check: builds every image from two clones of HEAD at
# different paths, in two fresh output bases, and asserts that every image,
# debug ELF and size report is bit-for-bit identical.
#
#   tests/repro/check_reproducible.sh [TARGET...]   (default //images:all)
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
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

build() {
	local dir=$1
	mkdir -p "$(dirname "$dir")"
	git clone -q "$top" "$dir"
	(cd "$dir" && ./bazelw --output_base="$dir.out" build "${targets[@]}" > "$dir.log" 2>&1) || {
		cat "$dir.log"
		echo "repro: build in $dir failed" >&2
		exit 1
	}
	(cd "$dir/bazel-bin" && find . -type f \( -name '*.dbg' -o -name '*.size.txt' -o -name '*.run' \) |
		while read -r f; do
			img=${f%.dbg}; img=${img%.size.txt}; img=${img%.run}
			sha256sum "$f"
			[ -f "$img" ] && sha256sum "$img"
		done | sort -u -k2) > "$dir.sums"
}

build "$work/a/src"
build "$work/b/deeper/path/src"
n=$(wc -l < "$work/a/src.sums")
if [ "$n" -eq 0 ]; then
	echo "repro: no images were built" >&2
	exit 1
fi
if ! diff -u "$work/a/src.sums" "$work/b/deeper/path/src.sums"; then
	echo "repro: FAILED: outputs differ between checkouts (diff above)" >&2
	exit 1
fi
echo "repro: PASSED: $n image files identical across two checkouts"
