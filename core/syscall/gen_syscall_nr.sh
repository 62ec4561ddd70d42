#!/bin/sh
# Writes <uk/syscall_nr.h> for one architecture: for every syscall name that
# any of the given musl syscall lists knows, UK_SYSCALL_NR_<name> (the
# number on this architecture, or -1 if it has none) and
# UK_SYSCALL_SECTION_<name> (where UK_SYSCALL_DEFINE puts its registration:
# .uk_syscalls, which the linker script keeps, or .uk_syscalls_absent, which
# --gc-sections drops together with the wrapper).
#
#   gen_syscall_nr.sh OUT THIS_ARCH_LIST [OTHER_ARCH_LIST ...]
set -eu
# Byte order for the sort, whatever the machine's locale.
export LC_ALL=C
out=$1
shift
awk '
	$1 == "#define" && $2 ~ /^__NR_[a-z0-9_]+$/ && $3 ~ /^[0-9]+$/ {
		name = substr($2, 6)
		if (FILENAME == ARGV[1])
			nr[name] = $3
		known[name] = 1
	}
	END {
		print "/* Generated from musl'"'"'s bits/syscall.h.in by gen_syscall_nr.sh. */"
		print "#ifndef UK_SYSCALL_NR_H"
		print "#define UK_SYSCALL_NR_H"
		n = 0
		for (name in known)
			names[++n] = name
		# Sorted, so that the header is the same on every machine.
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && names[j - 1] > names[j]; j--) {
				t = names[j]; names[j] = names[j - 1]; names[j - 1] = t
			}
		for (i = 1; i <= n; i++) {
			name = names[i]
			if (name in nr) {
				printf "#define UK_SYSCALL_NR_%s %s\n", name, nr[name]
				printf "#define UK_SYSCALL_SECTION_%s \".uk_syscalls\"\n", name
			} else {
				printf "#define UK_SYSCALL_NR_%s (-1)\n", name
				printf "#define UK_SYSCALL_SECTION_%s \".uk_syscalls_absent\"\n", name
			}
		}
		print "#endif /* UK_SYSCALL_NR_H */"
	}
' "$@" > "$out"
