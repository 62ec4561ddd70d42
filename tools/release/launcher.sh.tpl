#!/usr/bin/env bash
# Boots @NAME@ with @QEMU@ (-M @MACHINE@), no Bazel needed: the image, its
# .dbg and qemu_run.sh lie beside this script. Arguments go to QEMU, e.g.
# `./@NAME@.run -smp 2`; the exit status is the guest's (see qemu_run.sh).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
exec "$here/qemu_run.sh" --arch @ARCH@ --qemu @QEMU@ --machine @MACHINE@ \
	--image "$here/@NAME@" --symbols "$here/@NAME@.dbg" @RUN_ARGS@ \
	-- @QEMU_ARGS@ "$@"
