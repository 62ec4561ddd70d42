#!/usr/bin/env bash
# Host share over virtio-9p: boots hostshare_main.c with a temporary host
# directory as the share "hostshare" (vfs.mount=hostshare:/mnt/host:9pfs),
# then checks what the guest saw (a host file's SHA-256, readdir, stat,
# errors) and what it left on the host (a new file, a rename, an unlink,
# a new directory). MODE "syscall" boots without the option: the guest
# mounts the share with mount(2) (default "boot").
#   hostshare_test.sh ARCH IMAGE.run [MODE]
set -uo pipefail

arch=$1
mode=${3:-boot}
# The image's launcher (what $(rootpath) names) sits beside the image.
image=${2%.run}
work=$(mktemp -d "${TEST_TMPDIR:-/tmp}/hostshare.XXXXXX")
share=$work/share
log=${TEST_UNDECLARED_OUTPUTS_DIR:-$work}/serial.log
mkdir -p "$share/sub"
seq 1 30000 > "$share/in.bin"
chmod 644 "$share/in.bin"
echo old > "$share/old.txt"
echo gone > "$share/gone.txt"
echo inside > "$share/sub/file"
echo secret > "$share/secret"
chmod 000 "$share/secret"
# The host decides: a mode-000 file is EACCES for QEMU, unless QEMU runs
# as root, which may read anything.
if [ "$(id -u)" = 0 ]; then
	secret=ok
else
	secret="Permission denied"
fi
size=$(stat -c %s "$share/in.bin")
sha=$(sha256sum "$share/in.bin" | cut -d' ' -f1)

append=(--append "vfs.mount=hostshare:/mnt/host:9pfs")
mounted=()
if [ "$mode" = syscall ]; then
	append=()
	mounted=("hostshare: mount(2) hostshare: ok")
fi
tools/qemu_run.sh --arch "$arch" --image "$image" --timeout 180 \
	--share "$share:hostshare" "${append[@]}" > "$log" 2>&1 < /dev/null
rc=$?

fail() {
	echo "FAIL ($arch): $*"
	echo "----- serial log -----"
	cat "$log"
	echo "----- end of serial log -----"
	exit 1
}

[ "$rc" -eq 0 ] || fail "exit status $rc"
for line in \
	"${mounted[@]}" \
	"hostshare: mount(2) again: Resource busy" \
	"hostshare: mount(2) unknown tag: No such file or directory" \
	"hostshare: mount(2) trans=tcp: Invalid argument" \
	"hostshare: mount(2) no directory: No such file or directory" \
	"hostshare: in.bin $size bytes sha256 $sha" \
	"hostshare: wrote out.txt" \
	"hostshare: stat in.bin size $size mode 644 regular 1" \
	"hostshare: rename old.txt renamed.txt: ok" \
	"hostshare: unlink gone.txt: ok" \
	"hostshare: mkdir newdir: ok" \
	"hostshare: readdir in.bin newdir out.txt renamed.txt secret sub" \
	"hostshare: open missing: No such file or directory" \
	"hostshare: stat gone.txt: No such file or directory" \
	"hostshare: mkdir sub: File exists" \
	"hostshare: rmdir sub: Directory not empty" \
	"hostshare: create out.txt again: File exists" \
	"hostshare: access in.bin X_OK: Permission denied" \
	"hostshare: open in.bin/x: Not a directory" \
	"hostshare: open secret: $secret" \
	"hostshare: mkfifo fifo: ok" \
	"hostshare: stat fifo: ok fifo 1" \
	"hostshare: fifo data: ok piped" \
	"hostshare: done"; do
	grep -qF -- "$line" "$log" || fail "missing console line: $line"
done
[ "$(cat "$share/out.txt" 2> /dev/null)" = "written by the guest" ] ||
	fail "the host does not see out.txt as the guest wrote it"
[ "$(stat -c %a "$share/out.txt")" = 640 ] ||
	fail "out.txt has mode $(stat -c %a "$share/out.txt"), not 640"
[ -f "$share/renamed.txt" ] && [ ! -e "$share/old.txt" ] ||
	fail "the rename is not seen on the host"
[ "$(cat "$share/renamed.txt")" = old ] || fail "renamed.txt lost its data"
[ ! -e "$share/gone.txt" ] || fail "gone.txt is still on the host"
[ -d "$share/newdir" ] || fail "newdir is not on the host"
[ -p "$share/fifo" ] || fail "the guest's FIFO is not a FIFO on the host"
chmod -R u+rwX "$work"
rm -rf "$work"
echo "PASS: $arch host share ($mode)"
