#!/usr/bin/env bash
# httpreply serves in the smallest RAM the platforms boot in, 2 MiB on
# both architectures (README "Figures"): boots it at -m 2 with QEMU's user
# network and checks the page it answers. It boots through the runner with
# the image's size report beside it, whose minimum memory must say 2 MiB:
# the runner refuses less, and a launcher should not refuse what serves.
#
#   http_ram_min_test.sh --arch A --page EXPECTED_BODY_FILE --files IMAGE.run...
set -uo pipefail

arch= page= files=()
source tests/system/net_image_lib.sh
net_image_args "arch page" "files" "$@"
net_image_pick "${files[@]}"
min=$(sed -n 's/^minimum memory: \([0-9]*\) MiB$/\1/p' "$image.size.txt")
[ "$min" = 2 ] ||
	fail "the size report's minimum memory is '$min' MiB, not 2"
net_image_boot "Listening on port" --timeout 240 -- -m 2
body=$(curl -s --max-time 30 "http://127.0.0.1:$port/") ||
	fail "curl failed at -m 2"
[ "$body" = "$(cat "$page")" ] || fail "unexpected page at -m 2: $body"
echo "PASS: httpreply ($arch) serves at -m 2"
