#!/usr/bin/env bash
# Verifies a Tessera release archive (from `bazel build //release`):
#  1. every file in it matches its SHA256SUMS, and SHA256SUMS lists every
#     file;
#  2. unless --no-rebuild, the archive is rebuilt from the commit its
#     MANIFEST records, in a temporary clone with its own Bazel output base,
#     and the two archives must be bit-for-bit identical.
#
#   tools/verify_release.sh [--repo GIT_URL_OR_PATH] [--no-rebuild] ARCHIVE
#
# --repo is where the commit is cloned from (default: the checkout that
# holds this script). Exit status 0 when the release verifies, 1 otherwise.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rebuild=1
while [ $# -gt 1 ]; do
	case "$1" in
	--repo) repo=$2; shift 2 ;;
	--no-rebuild) rebuild=; shift ;;
	*) break ;;
	esac
done
if [ $# -ne 1 ] || [ ! -f "$1" ]; then
	echo "usage: tools/verify_release.sh [--repo REPO] [--no-rebuild] ARCHIVE" >&2
	exit 2
fi
archive=$(realpath "$1")
say() { echo "verify_release: $*" >&2; }
die() { say "FAILED: $*"; exit 1; }

work=$(mktemp -d /tmp/tessera-verify.XXXXXX)
cleanup() {
	if [ -d "$work/src" ]; then
		(cd "$work/src" && /usr/bin/bazel-4 --output_base="$work/out" \
			shutdown) > /dev/null 2>&1 || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

mkdir "$work/x"
tar -xzf "$archive" -C "$work/x" || die "$archive is not a tar.gz"
tops=$(ls "$work/x")
[ "$(echo "$tops" | wc -l)" -eq 1 ] && [ -f "$work/x/$tops/SHA256SUMS" ] ||
	die "expected one tessera-VERSION directory with a SHA256SUMS"
dir=$work/x/$tops
(cd "$dir" && sha256sum --check --strict --quiet SHA256SUMS) ||
	die "files do not match SHA256SUMS"
listed=$(awk '{ print $2 }' "$dir/SHA256SUMS" | LC_ALL=C sort)
present=$(cd "$dir" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' |
	LC_ALL=C sort)
[ "$listed" = "$present" ] || die "SHA256SUMS does not list exactly the archive's files"
say "$(echo "$listed" | wc -l) files match SHA256SUMS"
[ -n "$rebuild" ] || exit 0

commit=$(sed -n 's/^commit: //p' "$dir/MANIFEST")
case "$commit" in
[0-9a-f]*[0-9a-f]) ;;
*) die "MANIFEST records commit '$commit': not a clean commit to rebuild" ;;
esac
say "rebuilding commit $commit from $repo"
git clone -q --no-checkout "$repo" "$work/src"
git -C "$work/src" checkout -q "$commit" || die "commit $commit not in $repo"
(cd "$work/src" && ./bazelw --output_base="$work/out" build //release) \
	> "$work/build.log" 2>&1 || {
	cat "$work/build.log" >&2
	die "the rebuild failed"
}
rebuilt=$work/src/bazel-bin/release/release.tar.gz
if ! cmp -s "$archive" "$rebuilt"; then
	mkdir "$work/y"
	tar -xzf "$rebuilt" -C "$work/y"
	diff -u "$dir/SHA256SUMS" "$work/y/$tops/SHA256SUMS" >&2 ||
		diff -u "$dir/MANIFEST" "$work/y/$tops/MANIFEST" >&2 || true
	die "the rebuilt archive differs from $archive (diff above)"
fi
say "PASSED: rebuilt bit-for-bit: $(sha256sum < "$archive" | cut -d' ' -f1)"
