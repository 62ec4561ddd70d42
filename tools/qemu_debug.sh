#!/usr/bin/env bash
# Boots a Tessera image in QEMU halted before its first instruction, with
# QEMU's gdb stub on a free port of 127.0.0.1, and prints the gdb command
# that attaches to it with the image's .dbg and its sources. What
# `bazel run //images:<name>.debug` runs; the console stays on stdout and
# the exit status is qemu_run.sh's.
#
#   qemu_debug.sh --arch ARCH --qemu EMULATOR --machine MACHINE \
#       --image FILE --dbg FILE.dbg [qemu_run.sh options] [-- QEMU ARGS]
#
# TESSERA_GDB_PORT chooses the port. Source paths: the toolchain compiles
# with -fdebug-compilation-dir=., so the .dbg names sources relative to
# Bazel's execution root (images/helloworld/main.c,
# external/musl/src/stdio/puts.c, bazel-out/.../uk/config.h); gdb looks
# them up in the workspace first (under `bazel run`), then in the
# execution root, which holds the external repositories and generated
# files too.
set -euo pipefail

arch= qemu= machine= image= dbg= run_args=()
while [ $# -gt 0 ]; do
	case "$1" in
	--arch) arch=$2; shift 2 ;;
	--qemu) qemu=$2; shift 2 ;;
	--machine) machine=$2; shift 2 ;;
	--image) image=$2; shift 2 ;;
	--dbg) dbg=$2; shift 2 ;;
	--) shift; break ;;
	*) run_args+=("$1"); shift ;;
	esac
done
case "$arch" in
x86_64) gdb_arch=i386:x86-64 ;;
arm64) gdb_arch=aarch64 ;;
*) echo "qemu_debug.sh: unknown --arch '$arch'" >&2; exit 2 ;;
esac
if [ ! -f "$image" ] || [ ! -f "$dbg" ]; then
	echo "qemu_debug.sh: need an existing --image and --dbg" >&2
	exit 2
fi

port=${TESSERA_GDB_PORT:-$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')}
dbg_abs=$(realpath "$dbg")
execroot=${dbg_abs%%/bazel-out/*}
dirs=$execroot
if [ -n "${BUILD_WORKSPACE_DIRECTORY:-}" ]; then
	dirs=$BUILD_WORKSPACE_DIRECTORY:$execroot
fi
gdb="gdb-multiarch"
command -v "$gdb" > /dev/null || echo "qemu_debug.sh: $gdb is not" \
	"installed (tools/setup.sh installs it)" >&2
echo "Tessera: QEMU halted, gdb stub on 127.0.0.1:$port; debug with:" >&2
echo "  $gdb -q -ex 'set architecture $gdb_arch' -ex 'directory $dirs'" \
	"-ex 'target remote 127.0.0.1:$port' $dbg_abs" >&2
exec "$(dirname "${BASH_SOURCE[0]}")/qemu_run.sh" --arch "$arch" \
	--qemu "$qemu" --machine "$machine" --image "$image" --symbols "$dbg" \
	"${run_args[@]}" -- -S -gdb "tcp:127.0.0.1:$port" "$@"
