#!/usr/bin/env bash
# Runs the libc test program on the host and as an image on each
# architecture, then checks:
#  - every "libc: " line of each image equals the host's (lines marked
#    "libc~ " may differ: uname, pids, timings, the host's passwd paths);
#  - the exit status is the program's (7) everywhere: QEMU's exit code;
#  - "abort" and "assert" modes end each image with a crash report and
#    the SIGABRT status (UK_PROCESS_SIGNAL_STATUS(6) = 134, as on the host);
#  - "main_exit" (pthread_exit in main, another thread finishes later)
#    prints the same as on the host and exits 0;
#  - "reboot" (images only: it would power the host off) checks chroot(2),
#    then reboot(2)'s errnos, and ends the guest with status 0 through
#    RB_POWER_OFF;
#  - the unknown syscall that the program calls twice is logged once, by
#    name.
#
#   libc_compare.sh HOST_BINARY IMAGE_OUTPUTS...
# IMAGE_OUTPUTS: the files of the image targets; <image>.run marks one.
set -uo pipefail

want_exit=7
abort_exit=134

source tools/host_compare_lib.sh
compare_init "$@"

# The program's lines, without the serial console's carriage returns.
extract() {
	tr -d '\r' < "$1" | grep -E '^libc[:~] ' | grep -vE '^libc~ ' || true
}

"$host" > "$out/host.log" 2>&1
rc=$?
[ "$rc" -eq "$want_exit" ] || fail "host program exited $rc, not $want_exit"
extract "$out/host.log" > "$out/host.lines"
grep -q '^libc: failures 0$' "$out/host.lines" ||
	fail "host program reports failures (see host.log)"

"$host" main_exit > "$out/host.main_exit.log" 2>&1
rc=$?
[ "$rc" -eq 0 ] || fail "host main_exit exited $rc, not 0"
extract "$out/host.main_exit.log" > "$out/host.main_exit.lines"
grep -q '^libc: last thread done$' "$out/host.main_exit.lines" ||
	fail "host main_exit: the last thread did not finish"

for image in "${images[@]}"; do
	image_arch "$image" || continue
	log="$out/$arch.log"
	"$runner" --arch "$arch" --image "$image" --timeout "$timeout_s" \
		> "$log" 2>&1 < /dev/null
	rc=$?
	[ "$rc" -eq "$want_exit" ] ||
		fail "$arch: exit status $rc, expected $want_exit"
	extract "$log" > "$out/$arch.lines"
	n=$(grep -c 'unsupported syscall quotactl ([0-9]*): -ENOSYS' "$log")
	[ "$n" -eq 1 ] ||
		fail "$arch: unknown syscall quotactl logged $n times, not once"
	if ! diff -u "$out/host.lines" "$out/$arch.lines" \
		> "$out/$arch.diff"; then
		fail "$arch: output differs from the host's:"
		cat "$out/$arch.diff"
	fi

	for mode in abort assert; do
		mlog="$out/$arch.$mode.log"
		"$runner" --arch "$arch" --image "$image" \
			--timeout "$timeout_s" --append "libc_test $mode" \
			> "$mlog" 2>&1 < /dev/null
		rc=$?
		[ "$rc" -eq "$abort_exit" ] ||
			fail "$arch $mode: exit status $rc, not $abort_exit"
		grep -q 'crash: signal 6 (SIGABRT)' "$mlog" ||
			fail "$arch $mode: no crash report"
		if [ "$mode" = assert ]; then
			grep -q 'Assertion failed: argc == 0' "$mlog" ||
				fail "$arch assert: no assertion message"
		fi
		[ "$status" -eq 0 ] || { echo "--- $mlog ---"; cat "$mlog"; }
	done
	mlog="$out/$arch.main_exit.log"
	"$runner" --arch "$arch" --image "$image" --timeout "$timeout_s" \
		--append "libc_test main_exit" > "$mlog" 2>&1 < /dev/null
	rc=$?
	[ "$rc" -eq 0 ] || fail "$arch main_exit: exit status $rc, not 0"
	extract "$mlog" > "$out/$arch.main_exit.lines"
	diff -u "$out/host.main_exit.lines" "$out/$arch.main_exit.lines" ||
		fail "$arch main_exit: output differs from the host's"

	mlog="$out/$arch.reboot.log"
	"$runner" --arch "$arch" --image "$image" --timeout "$timeout_s" \
		--append "libc_test reboot" > "$mlog" 2>&1 < /dev/null
	rc=$?
	[ "$rc" -eq 0 ] || fail "$arch reboot: exit status $rc, not 0"
	extract "$mlog" > "$out/$arch.reboot.lines"
	printf '%s\n' 'libc: chroot file -1 ENOTDIR 1' \
		'libc: chroot missing -1 ENOENT 1' 'libc: chroot 0' \
		'libc: chroot root has marker 1' \
		'libc: chroot .. of root stays 1' \
		'libc: chroot old paths gone 1' \
		'libc: reboot bad magic -1 EINVAL 1' \
		'libc: reboot bad magic2 -1 EINVAL 1' \
		'libc: reboot bad command -1 EINVAL 1' \
		'libc: reboot CAD off 0 on 0' 'libc: powering off' \
		> "$out/reboot.want"
	diff -u "$out/reboot.want" "$out/$arch.reboot.lines" ||
		fail "$arch reboot: unexpected output"

	show_log_on_failure "$arch" "$log"
done
[ "$status" -eq 0 ] && echo "PASS: ${#images[@]} images match the host"
exit "$status"
