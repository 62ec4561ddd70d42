#!/usr/bin/env bash
# Packs a Tessera release (tools/release/release.bzl runs it): every image's
# boot file, .dbg, size report, standalone launcher and Linux-protocol
# image, qemu_run.sh, a MANIFEST of the pinned inputs and a SHA256SUMS of
# all of them, in one deterministic tar.gz whose top directory is
# tessera-<VERSION>.
#
#   make_release.sh OUT VERSION STATUS PACKAGES LOCK RUNNER CONFIG \
#       [NAME IMAGE DBG SIZE LAUNCHER CONFIG_H LINUX_IMAGE]...
#
# STATUS is Bazel's stable-status.txt (STABLE_TESSERA_COMMIT), PACKAGES
# @tessera_host//:packages.txt, LOCK third_party/sources.lock, CONFIG the
# release's configuration flags, CONFIG_H each image's <uk/config.h>,
# LINUX_IMAGE its <name>.bzImage (x86_64) or <name>.Image (arm64), which
# keeps its name's extension.
set -euo pipefail
out=$1 version_file=$2 status=$3 packages=$4 lock=$5 runner=$6 config=$7
shift 7

version=$(tr -d ' \n' < "$version_file")
case "$version" in
'' | *[!0-9A-Za-z.+~-]*)
	echo "make_release.sh: VERSION '$version' is empty or not a version" >&2
	exit 1
	;;
esac
commit=$(sed -n 's/^STABLE_TESSERA_COMMIT //p' "$status")
top=tessera-$version
stage=$(mktemp -d "${TMPDIR:-/tmp}/tessera-release.XXXXXX")
trap 'rm -rf "$stage"' EXIT
dir=$stage/$top
mkdir "$dir"
chmod 0755 "$dir"

install -m 0755 "$runner" "$dir/qemu_run.sh"
images=()
while [ $# -gt 0 ]; do
	name=$1 image=$2 dbg=$3 size=$4 launcher=$5 config_h=$6 linux=$7
	shift 7
	install -m 0644 "$image" "$dir/$name"
	install -m 0644 "$linux" "$dir/$name.${linux##*.}"
	install -m 0644 "$dbg" "$dir/$name.dbg"
	install -m 0644 "$size" "$dir/$name.size.txt"
	install -m 0755 "$launcher" "$dir/$name.run"
	settings=$(sed -n 's/^#define \([A-Z_0-9]*\) \(.*\)$/\1=\2/p' \
		"$config_h" | grep -v '^UK_CONFIG_H=' | tr '\n' ' ')
	images+=("  $name: ${settings% }")
done

{
	echo "Tessera release $version"
	echo "commit: ${commit:-unknown}"
	echo "host tools (Bazel; Debian packages as dpkg-query reports them):"
	sed 's/^/  /' "$packages"
	echo "third-party sources (package version file sha256, from third_party/sources.lock):"
	grep -v -e '^#' -e '^[[:space:]]*$' "$lock" | sed 's/^/  /'
	echo "configuration:"
	sed 's/^/  /' "$config"
	echo "images (build settings from each image's <uk/config.h>):"
	printf '%s\n' "${images[@]}"
} > "$dir/MANIFEST"
chmod 0644 "$dir/MANIFEST"

(cd "$dir" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' |
	LC_ALL=C sort | xargs sha256sum) > "$stage/SHA256SUMS"
install -m 0644 "$stage/SHA256SUMS" "$dir/SHA256SUMS"

# Sorted names, mtime 0, owner and group 0, GNU format (no access or change
# times), gzip without name or time: the same bytes from any checkout.
LC_ALL=C tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
	--format=gnu -C "$stage" -cf - "$top" | gzip -n -9 > "$out"
