/*
 * lwIP 2.1.3 configuration for Tessera: a threaded stack (tcpip thread on
 * core/sched) behind posix/socket, sized for a small HTTP server. Each
 * choice says why; options not set here keep lwIP's defaults (opt.h).
 */
#ifndef LWIPOPTS_H
#define LWIPOPTS_H

#include <stddef.h>

/* ---- Operating system --------------------------------------------- */

/* Threads, semaphores and mailboxes come from core/sched (sys_arch.c). */
#define NO_SYS 0
/*
 * Socket and netconn calls take the core lock and run lwIP's code in the
 * caller's thread instead of a round trip through the tcpip thread's
 * mailbox: two context switches fewer per call.
 */
#define LWIP_TCPIP_CORE_LOCKING 1
/*
 * Frames from NICs still go through the tcpip mailbox: the driver's
 * receive path never waits for the core lock.
 */
#define LWIP_TCPIP_CORE_LOCKING_INPUT 0
/* SYS_ARCH_PROTECT: IRQs off plus a spinlock (sys_arch.c). */
#define SYS_LIGHTWEIGHT_PROT 1
/*
 * Every lwIP core function checks that its caller holds the core lock
 * (or runs in the tcpip thread, which holds it while it works): a wrong
 * caller is an assertion, not a silent race.
 */
void uk_lwip_assert_core_locked(void);
#define LWIP_ASSERT_CORE_LOCKED() uk_lwip_assert_core_locked()

/*
 * The tcpip thread's stack. lwIP's deepest path (TCP input -> socket
 * event callback -> poll wake-ups) uses a few KiB; 32 KiB leaves room for
 * debug printing.
 */
#define TCPIP_THREAD_STACKSIZE (32 * 1024)
#define TCPIP_THREAD_PRIO 0
/*
 * Messages queued to the tcpip thread: received frames and loopback
 * deliveries. Enough for a burst of a full TCP window of frames.
 */
#define TCPIP_MBOX_SIZE 256
#define DEFAULT_THREAD_STACKSIZE (16 * 1024)

/* ---- Memory --------------------------------------------------------- */

/*
 * All memory, heap and pools, comes from the kernel's default allocator
 * (core/alloc: slab classes for small objects, buddy pages for large).
 * No static pools: the image carries no preallocated buffers, memory use
 * follows the load, and the only fixed limits are the ones below (sockets,
 * windows, queues). MEM_LIBC_MALLOC maps mem_malloc to uk_malloc;
 * MEMP_MEM_MALLOC makes memp_malloc (pbufs, PCBs, netconns, messages) use
 * mem_malloc too.
 */
#define MEM_LIBC_MALLOC 1
#define MEMP_MEM_MALLOC 1
void *uk_lwip_malloc(size_t size);
void *uk_lwip_calloc(size_t n, size_t size);
void uk_lwip_free(void *p);
#define mem_clib_malloc uk_lwip_malloc
#define mem_clib_calloc uk_lwip_calloc
#define mem_clib_free uk_lwip_free
/* 64-bit targets: pointers and u64 fields in pools need 8 bytes. */
#define MEM_ALIGNMENT 8

/*
 * Not limits with MEMP_MEM_MALLOC: they size lwIP's sanity checks (and
 * the fd_set of lwIP's select, which is not built). The number of sockets
 * is NUM_SOCKETS below.
 */
#define MEMP_NUM_NETCONN 256
#define MEMP_NUM_TCP_PCB 256
#define MEMP_NUM_TCP_PCB_LISTEN 16
#define MEMP_NUM_UDP_PCB 16

/* ---- Network interfaces ------------------------------------------- */

/* 127.0.0.1 and ::1 on lwIP's loopback netif, looped by the tcpip thread. */
#define LWIP_NETIF_LOOPBACK 1
#define LWIP_HAVE_LOOPIF 1
/* Loopback queue bounded by TCP's windows, not by a pbuf count. */
#define LWIP_LOOPBACK_MAX_PBUFS 0
/* IPv4 address changes (static, DHCP) are logged on the console. */
#define LWIP_NETIF_EXT_STATUS_CALLBACK 1
#define LWIP_ETHERNET 1
#define LWIP_ARP 1
/*
 * Packets to an address being resolved wait for its ARP reply, up to
 * ARP_QUEUE_LEN per address (the oldest dropped first), as Linux queues
 * them (unres_qlen_bytes, about 200 KiB). lwIP's default keeps only the
 * last one: at boot, 16 clients' SYNs arrived before the gateway's ARP
 * reply, every SYN-ACK but the last was lost, and those clients waited
 * 2.8 s for lwIP's retransmission (issue 18). 64 full frames: 94 KiB.
 */
#define ARP_QUEUEING 1
#define ARP_QUEUE_LEN 64
/* The virtio-net driver strips its header: frames start at Ethernet. */
#define ETH_PAD_SIZE 0

/* ---- IPv4, IPv6, DHCP ---------------------------------------------- */

#define LWIP_IPV4 1
#define LWIP_IPV6 1
/* SLAAC from the router's advertisements (QEMU user networking sends one). */
#define LWIP_IPV6_AUTOCONFIG 1
#define LWIP_IPV6_MLD 1
#define LWIP_IPV6_DHCP6 0
/*
 * Reassembly keeps its bookkeeping beside the fragment header, not in it:
 * a 64-bit pointer does not fit there (lwIP asserts so on 64-bit targets).
 */
#define IPV6_FRAG_COPYHEADER 1
#define LWIP_DHCP 1
/*
 * No ARP probe of the offered address before binding: it delays the boot
 * by up to a second, and the address comes from the network's own DHCP
 * server.
 */
#define DHCP_DOES_ARP_CHECK 0
#define LWIP_AUTOIP 0
#define LWIP_IGMP 0
/* Name resolution is musl's, over UDP sockets: lwIP's resolver is unused. */
#define LWIP_DNS 0
/* No raw sockets: nothing in a unikernel needs ICMP from user code. */
#define LWIP_RAW 0
#define LWIP_UDP 1
#define LWIP_UDPLITE 0

/* ---- TCP ------------------------------------------------------------ */

#define LWIP_TCP 1
/* Ethernet MTU 1500 minus 40 bytes of IPv4 and TCP headers. */
#define TCP_MSS 1460
/*
 * 32 segments (45 KiB) of receive window and of send buffer per
 * connection: a full window in flight on QEMU's user network and on
 * loopback without window scaling (the window fits lwIP's u16). An HTTP
 * server with small pages never fills them; memory is taken per segment
 * as data arrives, so idle connections cost no buffers.
 */
#define TCP_WND (32 * TCP_MSS)
#define TCP_SND_BUF (32 * TCP_MSS)
/* lwIP's rule of thumb: at least 2 * TCP_SND_BUF / TCP_MSS segments. */
#define TCP_SND_QUEUELEN ((4 * TCP_SND_BUF + TCP_MSS - 1) / TCP_MSS)
/* Keep out-of-order segments: fewer retransmissions on lossy links. */
#define TCP_QUEUE_OOSEQ 1
/* listen(2)'s backlog is honoured (up to lwIP's 255). */
#define TCP_LISTEN_BACKLOG 1
/*
 * A server that closes first (httpreply) leaves one pcb in TIME_WAIT per
 * connection for 2 MSL. Keep at most this many, oldest killed first
 * (patches/tcp_time_wait.patch): at 400 connections/s they would otherwise
 * hold megabytes and lengthen the list every SYN is matched against.
 * Linux caps them too (tcp_max_tw_buckets). A new SYN from a port still in
 * TIME_WAIT reopens the connection (RFC 6191) whatever this limit.
 */
#define TCP_TIME_WAIT_MAX 256
/* Checksums are computed while copying data into segments: one pass. */
#define LWIP_CHECKSUM_ON_COPY 1
#define LWIP_TCP_KEEPALIVE 1

/* ---- Sockets -------------------------------------------------------- */

#define LWIP_NETCONN 1
#define LWIP_SOCKET 1
/*
 * lwIP's socket table is sized from the heap when lwIP starts (sys_init,
 * port/sock_table.c), not fixed at MEMP_NUM_NETCONN: memory bounds the
 * connections (patches/socket_table.patch lets the port provide it).
 */
struct lwip_sock;
extern struct lwip_sock *uk_lwip_sockets;
extern int uk_lwip_num_sockets;
void uk_lwip_sock_table_init(void);
#define NUM_SOCKETS uk_lwip_num_sockets
#define LWIP_SOCKET_TABLE uk_lwip_sockets
/* IPV6_JOIN_GROUP memberships of all sockets together (default: one each). */
#define LWIP_SOCKET_MAX_MEMBERSHIPS 16
/*
 * lwIP's sockets serve posix/socket only (port/socket_lwip.c): no
 * socket()/read()/close() names or macros of lwIP's reach anyone.
 */
#define LWIP_COMPAT_SOCKETS 0
#define LWIP_POSIX_SOCKETS_IO_NAMES 0
#define LWIP_SOCKET_OFFSET 0
/*
 * Per-socket readiness (rcvevent, sendevent) is kept by lwIP's event
 * callback only when select or poll is built; the glue reads it for
 * posix/socket's poll op. lwip_poll itself is unused; select is off.
 */
#define LWIP_SOCKET_SELECT 0
#define LWIP_SOCKET_POLL 1
/* One thread per socket at a time: no per-thread semaphores needed. */
#define LWIP_NETCONN_FULLDUPLEX 0
#define LWIP_NETCONN_SEM_PER_THREAD 0
/* SO_REUSEADDR: servers restart on their port while old PCBs linger. */
#define SO_REUSE 1
#define LWIP_SO_SNDTIMEO 1
#define LWIP_SO_RCVTIMEO 1
#define LWIP_SO_RCVBUF 1
#define LWIP_SO_LINGER 1
/* FIONREAD: the next datagram's size on UDP, as Linux reports it. */
#define LWIP_FIONREAD_LINUXMODE 1
/*
 * Queues per connection: received segments (a full window with room),
 * pending connections (above the largest backlog, so an accepted
 * connection is never dropped for want of a slot), UDP datagrams.
 */
#define DEFAULT_TCP_RECVMBOX_SIZE 128
#define DEFAULT_ACCEPTMBOX_SIZE 256
#define DEFAULT_UDP_RECVMBOX_SIZE 64

/*
 * errno: lwIP's sockets report errors through set_errno(). Kernel threads
 * have no C library TLS, so errno would be the wrong place: the glue
 * collects the value per calling thread (socket_lwip.c) and returns it as
 * a negative errno. Error numbers are the C library's (Linux values).
 */
#define LWIP_ERRNO_STDINCLUDE 1
void uk_lwip_set_errno(int err);
#define set_errno(err) uk_lwip_set_errno(err)

/* ---- Hooks ------------------------------------------------------------ */

/* RFC 6528 initial sequence numbers (LWIP_HOOK_TCP_ISN). */
#define LWIP_HOOK_FILENAME "arch/hooks.h"

/* ---- Debugging and statistics ---------------------------------------- */

#define LWIP_STATS 0
#define LWIP_NETIF_HOSTNAME 0

#endif /* LWIPOPTS_H */
