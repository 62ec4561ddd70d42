#!/usr/bin/env bash
# cpio_pack writes the same bytes whatever the source files' location,
# times, owners and argument order (the root file system is part of a
# bit-reproducible image), refuses bad destinations, and writes what
# cpio_pack's header comment promises.
#
#   cpio_pack_test.sh CPIO_PACK
set -uo pipefail
pack=$1
tmp=${TEST_TMPDIR:-$(mktemp -d)}
status=0
fail() {
	echo "FAIL: $*"
	status=1
}

mkdir -p "$tmp/a/deep" "$tmp/b"
printf 'port=8080\n' >"$tmp/a/deep/app.conf"
printf '#!/bin/sh\n' >"$tmp/a/tool"
cp "$tmp/a/deep/app.conf" "$tmp/b/c1"
cp "$tmp/a/tool" "$tmp/b/c2"
touch -d '2001-02-03 04:05:06' "$tmp/b/c1"
chmod 600 "$tmp/b/c2"

"$pack" "$tmp/one.cpio" F "$tmp/a/deep/app.conf" /etc/app.conf 644 \
	F "$tmp/a/tool" /bin/tool 755 L /etc/link app.conf ||
	fail "packing failed"
"$pack" "$tmp/two.cpio" L /etc/link app.conf F "$tmp/b/c2" /bin/tool 755 \
	F "$tmp/b/c1" /etc/app.conf 644 || fail "packing failed"
cmp -s "$tmp/one.cpio" "$tmp/two.cpio" ||
	fail "same files from elsewhere, in another order, packed differently"
if grep -aq "$tmp" "$tmp/one.cpio"; then
	fail "the archive names a host path"
fi
# Entries sorted with parents first; the trailer last.
names=$(grep -ao '0707010000[0-9A-F]\{100\}[a-zA-Z/.!]*' "$tmp/one.cpio" |
	cut -c111-)
want=$'bin\nbin/tool\netc\netc/app.conf\netc/link\nTRAILER!!!'
[ "$names" = "$want" ] || fail "entries: $(echo $names), want $(echo $want)"

for bad in etc/x /etc/ /etc//x /etc/../x /etc/./x /etc/..; do
	if "$pack" "$tmp/bad.cpio" F "$tmp/a/tool" "$bad" 644 2>/dev/null; then
		fail "accepted destination $bad"
	fi
done
if "$pack" "$tmp/bad.cpio" F "$tmp/a/tool" /x 1777x 2>/dev/null; then
	fail "accepted mode 1777x"
fi
if "$pack" "$tmp/bad.cpio" F "$tmp/a/tool" /x 644 F "$tmp/a/tool" /x 644 \
	2>/dev/null; then
	fail "accepted two entries for /x"
fi
[ "$status" -eq 0 ] && echo "PASS: cpio_pack is deterministic and strict"
exit "$status"
