#!/usr/bin/env bash
# gen_syscall_nr.sh: a syscall that the target architecture lacks gets
# number -1 and the section the linker drops; one it has gets its number
# and .uk_syscalls. Arguments: the generator, x86_64's and aarch64's lists.
set -euo pipefail
export LC_ALL=C
gen=$1 x86=$2 a64=$3
out=${TEST_TMPDIR:-/tmp}/nr
fail() { echo "FAIL: $*"; exit 1; }
"$gen" "$out.a64.h" "$a64" "$x86"
"$gen" "$out.x86.h" "$x86" "$a64"
grep -qx '#define UK_SYSCALL_NR_open (-1)' "$out.a64.h" || fail "open on aarch64"
grep -qx '#define UK_SYSCALL_SECTION_open ".uk_syscalls_absent"' "$out.a64.h" ||
	fail "open's section on aarch64"
grep -qx '#define UK_SYSCALL_NR_openat 56' "$out.a64.h" || fail "openat on aarch64"
grep -qx '#define UK_SYSCALL_NR_open 2' "$out.x86.h" || fail "open on x86_64"
grep -qx '#define UK_SYSCALL_SECTION_open ".uk_syscalls"' "$out.x86.h" ||
	fail "open's section on x86_64"
# Both headers name the same syscalls, in the same (sorted) order.
diff <(grep -o '^#define UK_SYSCALL_NR_[a-z0-9_]*' "$out.a64.h") <(grep -o '^#define UK_SYSCALL_NR_[a-z0-9_]*' "$out.x86.h") ||
	fail "the headers name different syscalls"
sort -c <(grep -o '^#define UK_SYSCALL_NR_[a-z0-9_]*' "$out.x86.h") || fail "names not sorted"
# Running twice gives the same bytes.
"$gen" "$out.again.h" "$x86" "$a64"
cmp -s "$out.x86.h" "$out.again.h" || fail "output not deterministic"
echo "ok: $(grep -c '^#define UK_SYSCALL_NR_' "$out.x86.h") syscalls, $(grep -c 'NR_.*(-1)' "$out.a64.h") absent on aarch64"
