#!/usr/bin/env bash
# Checks that lwIP's names stay inside //third_party/lwip: the image's
# global symbols include the public <uk/lwip.h> API but none of lwIP's own
# (lwip_socket, tcp_input, mem_malloc, ...), which are present as locals.
#
#   symbols_test.sh LLVM_NM IMAGE_OUTPUTS...
set -uo pipefail

nm=$1
shift
status=0 checked=0
for dbg in "$@"; do
	case "$dbg" in
	*.dbg) checked=$((checked + 1)) ;;
	*) continue ;;
	esac
	globals=$("$nm" --defined-only --extern-only "$dbg" | awk '{print $3}')
	locals=$("$nm" --defined-only "$dbg" | awk '$2 ~ /^[a-z]$/ {print $3}')
	leaked=$(grep -E '^(lwip_|tcp_|udp_|netif_|netconn_|netbuf_|pbuf_|mem_|memp_|sys_|ip_|ip4_|ip6_|etharp_|ethernet_|dhcp_|nd6_|mld6_|icmp|tcpip_|lock_tcpip_core$)' <<<"$globals" |
		grep -v '^lwip_xfer_run$')
	if [ -n "$leaked" ]; then
		echo "FAIL: $dbg exports lwIP names:"
		echo "$leaked" | head -20
		status=1
	fi
	for sym in uk_lwip_start uk_lwip_netdev_attach; do
		grep -qx "$sym" <<<"$globals" ||
			{ echo "FAIL: $dbg lacks global $sym"; status=1; }
	done
	for sym in lwip_socket tcp_input; do
		grep -qx "$sym" <<<"$locals" ||
			{ echo "FAIL: $dbg lacks lwIP's $sym (local)"; status=1; }
	done
	[ $status -eq 0 ] && echo "ok: $dbg"
done
if [ $checked -eq 0 ]; then
	echo "FAIL: no .dbg image among: $*"
	exit 1
fi
exit $status
