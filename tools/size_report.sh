#!/usr/bin/env bash
# Summarises an ld.lld map file into text/data/bss bytes per library.
#   size_report.sh MAP IMAGE OUT
set -euo pipefail
map=$1 image=$2 out=$3
{
	printf '%-48s %10s %10s %10s\n' library text data bss
	LC_ALL=C awk '
	function hex(s,    i, v, c) {
		v = 0
		for (i = 1; i <= length(s); i++) {
			c = index("0123456789abcdef", tolower(substr(s, i, 1)))
			v = v * 16 + c - 1
		}
		return v
	}
	# Output section lines have an empty "In" column; input sections name
	# their archive: bazel-out/<cfg>/bin/<pkg>/lib<name>.a(member.o):(.x)
	NR == 1 { next }
	NF == 5 && $5 ~ /^\./ { sect = $5; next }
	NF >= 5 && $5 ~ /\(/ {
		size = hex($3)
		src = $5
		sub(/\(.*/, "", src)
		sub(/^bazel-out\/[^\/]+\/bin\//, "", src)
		sub(/^external\//, "@", src)
		n = split(src, p, "/")
		lib = p[n]; sub(/^lib/, "", lib); sub(/\.(a|lo)$/, "", lib)
		pkg = src; sub(/\/[^\/]*$/, "", pkg)
		if (pkg == src) pkg = ""
		key = pkg ":" lib
		if (sect ~ /^\.(text|rodata|uk_|init_array|fini_array)/) text[key] += size
		else if (sect ~ /^\.(data|tdata)/) data[key] += size
		else if (sect ~ /^\.(bss|tbss)/) bss[key] += size
		else next
		keys[key] = 1
	}
	END {
		for (k in keys)
			printf "%-48s %10d %10d %10d\n", k, text[k], data[k], bss[k]
	}' "$map" | LC_ALL=C sort > "$out.tmp"
	cat "$out.tmp"
	awk '{ t += $2; d += $3; b += $4 } END {
		printf "%-48s %10d %10d %10d\n", "total", t, d, b }' "$out.tmp"
	printf 'boot image: %d bytes\n' "$(wc -c < "$image")"
	# The least RAM (QEMU -m) the kernel boots in, which tools/qemu_run.sh
	# enforces: 1 MiB below the kernel (x86_64 loads it at 1 MiB; arm64
	# keeps the device tree there, the rest of that MiB is heap, as x86_64's
	# memory below 640 KiB is), the image's text, data and bss, and 256 KiB
	# for the alignment of its sections and the heap the boot needs above
	# it, in whole MiB. With less the image does not fit (x86_64 says so
	# and exits 1; QEMU starts arm64 outside RAM, a silent hang). main()'s
	# stack shrinks to what the heap has (core/boot/main_stack.c), and an
	# application that needs more memory than it finds fails as it would
	# on Linux, with its own out-of-memory error.
	awk '{ t += $2 + $3 + $4 } END {
		m = 1048576
		printf "minimum memory: %d MiB\n", int((m + t + m / 4 + m - 1) / m)
	}' "$out.tmp"
} > "$out"
rm -f "$out.tmp"
