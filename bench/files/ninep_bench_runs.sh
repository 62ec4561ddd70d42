#!/usr/bin/env bash
# Keeps the 9p benchmark working: boots ninep_bench with a 1 MiB file in
# the share (ninep_bench.sh uses 16 MiB) and checks that every pass read
# the whole file. Prints no figure: tests do not measure speed.
#   ninep_bench_runs.sh ARCH IMAGE.run
set -uo pipefail

arch=$1
image=${2%.run}
work=$(mktemp -d "${TEST_TMPDIR:-/tmp}/ninep.XXXXXX")
log=${TEST_UNDECLARED_OUTPUTS_DIR:-$work}/serial.log
mkdir "$work/share"
head -c $((1 << 20)) /dev/zero > "$work/share/big.bin"
tools/qemu_run.sh --arch "$arch" --image "$image" --timeout 120 \
	--share "$work/share:hostshare" \
	--append "vfs.mount=hostshare:/mnt/host:9pfs:ro" > "$log" 2>&1 < /dev/null
rc=$?
passes=$(grep -c "ninep_bench: pass [0-9]: 1048576 bytes" "$log")
if [ "$rc" -ne 0 ] || [ "$passes" -ne 3 ] ||
	! grep -q "ninep_bench: done" "$log"; then
	echo "FAIL ($arch): exit $rc, $passes full passes"
	cat "$log"
	exit 1
fi
rm -rf "$work"
echo "PASS: $arch 9p benchmark runs"
