#!/usr/bin/env bash
# Checks a release archive: one tessera-VERSION directory; for each image
# of both architectures and the microvm builds the boot file, .dbg, size
# report, launcher and Linux-protocol image (.bzImage, .Image); a MANIFEST
# with every pinned input; SHA256SUMS that tools/verify_release.sh accepts
# and that catches a changed file; and the standalone launchers (pc, virt,
# microvm) and QEMU with the Linux-protocol images boot helloworld outside
# Bazel.
#
#   release_test.sh ARCHIVE VERIFY_RELEASE VERSION_FILE
set -uo pipefail
archive=$1 verify=$2 version_file=$3
work=$(mktemp -d "${TEST_TMPDIR:-/tmp}/release_test.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() {
	echo "release_test: FAILED: $*" >&2
	exit 1
}

"$verify" --no-rebuild "$archive" || fail "verify_release.sh rejects the archive"

# Names: sorted, owner 0, mtime 0 (GNU tar's verbose listing).
TZ=UTC tar -tzvf "$archive" > "$work/list" || fail "not a tar.gz"
awk '$2 != "0/0" || $4 != "1970-01-01" { bad = 1 } END { exit bad }' \
	"$work/list" || fail "entries not owned by 0/0 with mtime 0: $(head -3 "$work/list")"
tar -tzf "$archive" > "$work/names"
LC_ALL=C sort -c "$work/names" || fail "entries are not sorted"

tar -xzf "$archive" -C "$work"
version=$(tr -d ' \n' < "$version_file")
dir=$work/tessera-$version
[ -d "$dir" ] || fail "no directory tessera-$version: $(ls "$work")"
images=()
for app in helloworld httpreply httpepoll httpepoll_smp lcpu_seed sqlite \
	speedtest1 redis nginx; do
	images+=("${app}_x86_64" "${app}_arm64")
done
images+=(helloworld_microvm httpreply_microvm)
for img in "${images[@]}"; do
	case "$img" in *_arm64) linux=.Image ;; *) linux=.bzImage ;; esac
	for f in "" .dbg .size.txt .run $linux; do
		[ -s "$dir/$img$f" ] || fail "$img$f missing"
	done
	[ -x "$dir/$img.run" ] || fail "$img.run not executable"
	grep -q "^  $img: .*CONFIG_ENFORCE_W_XOR_X=1" "$dir/MANIFEST" ||
		fail "MANIFEST: $img not built with W^X"
done
n=$(grep -c '^  [a-z0-9_]*: ' "$dir/MANIFEST")
[ "$n" -eq ${#images[@]} ] ||
	fail "MANIFEST lists $n images, this test knows ${#images[@]}"
for re in '^Tessera release [0-9]' '^commit: ([0-9a-f]{40}(-dirty)?|unknown)$' \
	'^  bazel 4\.2\.3' '^  clang-19 1:19\.' '^  lld-19 ' '^  llvm-19 ' \
	'^  qemu-system-x86 ' '^  qemu-system-arm ' \
	'^  musl 1\.2\.3 musl_1\.2\.3\.orig\.tar\.gz [0-9a-f]{64}$' \
	'^  compile \(tools/toolchain\): -O2' '^  link \(ld\.lld\): .*--gc-sections' \
	'^  release settings: w_xor_x=True$'; do
	grep -Eq "$re" "$dir/MANIFEST" || fail "MANIFEST has no line matching $re"
done

# A changed file must fail the check.
cp -r "$dir" "$work/tampered"
printf 'x' >> "$work/tampered/helloworld_x86_64.size.txt"
(cd "$work/tampered" && tar -czf "$work/tampered.tar.gz" -C "$work" tampered)
if "$verify" --no-rebuild "$work/tampered.tar.gz" 2> /dev/null; then
	fail "verify_release.sh accepted a changed file"
fi

# The launchers run as a user outside Bazel runs them: without the test
# environment, whose TEST_SRCDIR makes qemu_run.sh check the recorded host
# tools (this test is keyed on them through //tools:qemu_runner).
boots() {
	local what=$1 out rc
	shift
	out=$(TMPDIR=$work timeout -k 5 120 env -u TEST_SRCDIR "$@" 2>&1)
	rc=$?
	[ "$rc" -eq 0 ] || fail "$what exited $rc: $out"
	echo "$out" | grep -q "Hello from Tessera" ||
		fail "$what printed no greeting: $out"
}
for img in helloworld_x86_64 helloworld_arm64 helloworld_microvm; do
	boots "$img.run" "$dir/$img.run"
done
boots "helloworld_x86_64.bzImage" "$dir/qemu_run.sh" --arch x86_64 \
	--image "$dir/helloworld_x86_64.bzImage"
boots "helloworld_arm64.Image" "$dir/qemu_run.sh" --arch arm64 \
	--image "$dir/helloworld_arm64.Image"
boots "helloworld_microvm.bzImage" "$dir/qemu_run.sh" --arch x86_64 \
	--machine microvm,acpi=off,pic=off \
	--image "$dir/helloworld_microvm.bzImage"
echo "release_test: PASSED"
