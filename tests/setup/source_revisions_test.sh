#!/usr/bin/env bash
# tools/setup.sh's choice of Debian source revision (README "Quick
# start"): the revisions of a package whose Checksums-Sha256 list the
# pinned upstream tarball with its pinned sha256, newest first, so a
# security revision that replaces an older one keeps setup working.
# apt-cache is a shell function here that prints a made-up index in
# `apt-cache showsrc`'s format for the pinned Redis tarball of
# third_party/sources.lock.
#
#   source_revisions_test.sh tools/setup.sh third_party/sources.lock
set -euo pipefail

setup=$1 lock=$2
eval "$(sed -n '/^source_revisions() {$/,/^}$/p' "$setup")"
declare -F source_revisions > /dev/null || {
	echo "FAIL: no source_revisions() in $setup" >&2
	exit 1
}
read -r _ _ file sum < <(grep '^redis ' "$lock")
[ -n "$sum" ] || { echo "FAIL: no redis line in $lock" >&2; exit 1; }
other=$(printf "a%.0s" {1..64})

# Four revisions: u7 and u10 ship the pinned tarball, 7.0.11 another
# upstream version, u11 a tarball of the pinned name with another sha256
# (its md5 list names the pinned file too); a second package ships the
# pinned tarball and must not count.
stanza() { # PACKAGE VERSION SHA256 FILE
	cat <<-END
		Package: $1
		Binary: $1-server, $1-tools
		Version: $2
		Files:
		 d4572b9ddf01b3aeeb43859119ad62f9 3025940 $4
		Checksums-Sha256:
		 $other 1960 ${1}_$2.dsc
		 $3 3025940 $4
		 $other 45456 ${1}_$2.debian.tar.xz
		Directory: pool/main/r/$1
		Priority: source

	END
}
index=$(
	stanza redis 5:7.0.15-1~deb12u7 "$sum" "$file"
	stanza redis 5:7.0.11-1 "$other" redis_7.0.11.orig.tar.gz
	stanza redis 5:7.0.15-1~deb12u10 "$sum" "$file"
	stanza redis 5:7.0.15-1~deb12u11 "$other" "$file"
	stanza redis-fork 1.0-1 "$sum" "$file"
)
apt-cache() {
	[ "$1" = showsrc ] && [ "$2" = redis ] || return 100
	printf '%s\n' "$index"
}

status=0
check() { # WHAT EXPECTED GOT
	if [ "$2" = "$3" ]; then
		echo "ok: $1"
	else
		printf 'FAIL: %s: expected [%s], got [%s]\n' "$1" "$2" "$3" >&2
		status=1
	fi
}
check "the revisions shipping the pinned tarball, newest first" \
	"$(printf '5:7.0.15-1~deb12u10\n5:7.0.15-1~deb12u7')" \
	"$(source_revisions redis "$file" "$sum")"
check "a tarball of the pinned name with another sha256 picks nothing" \
	"" "$(source_revisions redis "$file" "${other//a/b}")"
check "another file name picks nothing" \
	"" "$(source_revisions redis redis_7.0.16.orig.tar.gz "$sum")"
exit $status
