/*
 * lwIP's socket table (sockets.c's sockets[], patches/socket_table.patch),
 * sized when lwIP starts from the heap it has: one socket per
 * UK_LWIP_HEAP_PER_SOCKET bytes, between UK_LWIP_SOCKETS_MIN and
 * UK_LWIP_SOCKETS_MAX. An idle TCP connection costs about 3 KiB (PCB,
 * netconn, receive mailbox, socket file, epoll item), so the heap, not the
 * table, runs out first; the table costs under 1% of the heap.
 */
#include <uk/alloc.h>

#include "lwip/priv/sockets_priv.h"

#define UK_LWIP_HEAP_PER_SOCKET 4096
#define UK_LWIP_SOCKETS_MIN 64
/* Linux's default nr_open is 1,048,576; ours is the fd table's 65,536. */
#define UK_LWIP_SOCKETS_MAX 65536

struct lwip_sock *uk_lwip_sockets;
int uk_lwip_num_sockets;

void uk_lwip_sock_table_init(void)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_alloc_stats st;
	size_t heap, n;

	if (uk_lwip_sockets)
		return;
	uk_alloc_stats_get(a, &st);
	heap = uk_alloc_availmem(a) + st.cur_bytes;
	n = heap / UK_LWIP_HEAP_PER_SOCKET;
	if (n < UK_LWIP_SOCKETS_MIN)
		n = UK_LWIP_SOCKETS_MIN;
	if (n > UK_LWIP_SOCKETS_MAX)
		n = UK_LWIP_SOCKETS_MAX;
	/* Without memory for it, socket() fails with ENFILE. */
	uk_lwip_sockets = uk_calloc(a, n, sizeof(*uk_lwip_sockets));
	uk_lwip_num_sockets = uk_lwip_sockets ? (int)n : 0;
}
