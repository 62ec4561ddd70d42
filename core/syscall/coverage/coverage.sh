#!/bin/sh
# The syscall coverage report of one architecture: every syscall that
# musl's sources can issue there (a SYS_<name> that the architecture's
# syscall list defines), and whether Tessera implements it (its handler
# is in the .uk_syscalls section of an image that links every POSIX
# library), implements it partially or refuses it on purpose (with the
# reason from coverage.txt), plans it (with the issue), or lacks it.
#
#   coverage.sh [--check] ARCH SYSCALL_H_IN OTHER_SYSCALL_H_IN COVERAGE_TXT \
#       IMAGE_ELF OBJCOPY MUSL_SOURCES...
#
# SYSCALL_H_IN: musl's arch/<arch>/bits/syscall.h.in of ARCH (x86_64 or
# arm64), OTHER_SYSCALL_H_IN the other architecture's.
#
# Writes the report (Markdown) on stdout. With --check, writes nothing
# but the errors and fails if coverage.txt disagrees with the image: a
# registered syscall missing from the report, a partial entry that is not
# registered, a refused or planned one that is, or a name musl does not
# know.
set -eu
export LC_ALL=C

check=0
if [ "$1" = --check ]; then
	check=1
	shift
fi
arch=$1 nrs=$2 other_nrs=$3 data=$4 elf=$5 objcopy=$6
shift 6

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Number -> name on this architecture.
sed -n 's/^#define[[:space:]]*__NR_\([a-z0-9_]*\)[[:space:]]*\([0-9]*\)[[:space:]]*$/\2 \1/p' \
	"$nrs" | sort -k2 > "$tmp/nr_name"
cut -d' ' -f2 "$tmp/nr_name" | sort -u > "$tmp/arch_names"
sed -n 's/^#define[[:space:]]*__NR_\([a-z0-9_]*\)[[:space:]].*/\1/p' \
	"$other_nrs" | sort -u > "$tmp/other_names"

# Names musl's sources use, without the other architectures' directories
# (src/thread/aarch64/, arch/x86_64/, ...).
musl_arch=$arch
[ "$arch" = arm64 ] && musl_arch=aarch64
others=$(echo aarch64 arm i386 m68k microblaze mips mips64 mipsn32 or1k \
	powerpc powerpc64 riscv64 s390x sh x32 x86_64 |
	tr ' ' '\n' | grep -vx "$musl_arch" | paste -sd'|' -)
for f in "$@"; do
	printf '%s\n' "$f"
done | grep -vE "/($others)/" > "$tmp/files"
# The socket calls go through socketcall(name, ...), which pastes SYS_name.
{
	xargs grep -ho 'SYS_[a-z0-9_]*' < "$tmp/files" | sed 's/^SYS_//'
	xargs grep -hoE 'socketcall(_cp)?\([a-z0-9_]+' < "$tmp/files" |
		sed 's/.*(//'
} | sort -u | comm -12 - "$tmp/arch_names" > "$tmp/issued"

# Registered: the numbers in the image's .uk_syscalls section, whose
# entries are { long nr; handler } (16 bytes, little-endian).
"$objcopy" -O binary --only-section=.uk_syscalls "$elf" "$tmp/section"
od -An -v -t d8 "$tmp/section" | tr -s ' ' '\n' | grep . |
	awk 'NR % 2 == 1' | sort -u > "$tmp/reg_nrs"
awk 'NR == FNR { reg[$1] = 1; next } ($1 in reg) { print $2 }' \
	"$tmp/reg_nrs" "$tmp/nr_name" | sort -u > "$tmp/registered"

# coverage.txt: "name status reason", status partial, refused, planned or
# extra (implemented, though musl does not issue it).
grep -vE '^[[:space:]]*(#|$)' "$data" | sort -k1,1 > "$tmp/data"

errors=0
err() {
	echo "coverage ($arch): $*" >&2
	errors=$((errors + 1))
}
while read -r name status reason; do
	case $status in
	partial | refused | planned | extra) ;;
	*) err "$name: unknown status '$status' in coverage.txt" ;;
	esac
	[ -n "$reason" ] || err "$name: no reason in coverage.txt"
	if ! grep -qx "$name" "$tmp/arch_names"; then
		grep -qx "$name" "$tmp/other_names" ||
			err "$name in coverage.txt is no syscall musl knows"
		continue
	fi
	if grep -qx "$name" "$tmp/registered"; then
		[ "$status" = partial ] || [ "$status" = extra ] ||
			err "$name is registered but coverage.txt says $status"
	elif [ "$status" = partial ] || [ "$status" = extra ]; then
		err "$name: coverage.txt says $status, but it is not registered"
	fi
done < "$tmp/data"
# A registered syscall musl does not issue must be in coverage.txt.
cut -d' ' -f1 "$tmp/data" > "$tmp/listed"
comm -23 "$tmp/registered" "$tmp/issued" | comm -23 - "$tmp/listed" |
	while read -r name; do
		echo "coverage ($arch): $name is registered but missing from the report (not issued by musl: add it to coverage.txt)" >&2
		echo x
	done > "$tmp/unlisted"
errors=$((errors + $(wc -l < "$tmp/unlisted")))

if [ "$check" = 1 ]; then
	[ "$errors" = 0 ] || exit 1
	echo "coverage ($arch): $(wc -l < "$tmp/issued") syscalls issued by musl, coverage.txt agrees with the image"
	exit 0
fi

# The report: musl's syscalls plus the registered ones it does not issue.
sort -u "$tmp/issued" "$tmp/registered" > "$tmp/all"
awk -v out="$tmp/counts" '
	FILENAME == ARGV[1] { reg[$1] = 1; next }
	FILENAME == ARGV[2] {
		st[$1] = $2
		r = $0
		sub(/^[^ ]+ +[^ ]+ */, "", r)
		why[$1] = r
		next
	}
	{
		name = $1
		if (name in reg)
			s = (st[name] == "partial") ? "partial" : "implemented"
		else if (st[name] == "refused" || st[name] == "planned")
			s = st[name]
		else
			s = "missing"
		n[s]++
		rows[++nrows] = sprintf("| %s | %s | %s |", name, s,
					(s == "implemented" || s == "missing") ? "" : why[name])
	}
	END {
		printf "%d %d %d %d %d %d\n", nrows, n["implemented"], n["partial"],
		       n["refused"], n["planned"], n["missing"] > out
		for (i = 1; i <= nrows; i++)
			print rows[i] > (out ".rows")
	}
' "$tmp/registered" "$tmp/data" "$tmp/all"
read -r total impl part refused planned missing < "$tmp/counts"
cat <<EOT
# Syscall coverage on $arch

Generated by core/syscall/coverage (do not edit): the $total syscalls that
musl 1.2.3's sources can issue on $arch, plus any that Tessera registers
beyond them; "implemented" and "partial" are the handlers registered in an
image that links every POSIX library, the reasons come from
core/syscall/coverage/coverage.txt.

| implemented | partial | refused on purpose | planned | missing |
| --- | --- | --- | --- | --- |
| $impl | $part | $refused | $planned | $missing |

| syscall | status | note |
| --- | --- | --- |
EOT
cat "$tmp/counts.rows"
