/*
 * lwIP hooks (LWIP_HOOK_FILENAME): included by lwIP's sources after their
 * own headers, so lwIP's types are known here.
 */
#ifndef LWIP_ARCH_HOOKS_H
#define LWIP_ARCH_HOOKS_H

#include "lwip/ip_addr.h"

/* RFC 6528 initial sequence numbers; see port/tcp_isn.c. */
u32_t uk_lwip_tcp_isn(const ip_addr_t *local_ip, u16_t local_port,
		      const ip_addr_t *remote_ip, u16_t remote_port);

#define LWIP_HOOK_TCP_ISN(lip, lport, rip, rport)                              \
	uk_lwip_tcp_isn(lip, lport, rip, rport)

#endif /* LWIP_ARCH_HOOKS_H */
