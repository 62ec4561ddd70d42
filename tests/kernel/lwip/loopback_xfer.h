/*
 * A TCP transfer over lwIP's loopback netif between a server and a client
 * thread in one kernel, through the socket system calls (posix/socket,
 * posix/fdtab, the lwIP glue). Shared by the in-kernel test and the host
 * test on the fake platform.
 */
#ifndef LWIP_LOOPBACK_XFER_H
#define LWIP_LOOPBACK_XFER_H

#include <stddef.h>
#include <stdint.h>
#include <uk/essentials.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What each side saw. Errors are negative errnos; step names the call. */
struct lwip_xfer_result {
	int server_err;
	const char *server_step;
	int client_err;
	const char *client_step;
	size_t server_bytes; /* bytes the server received */
	size_t server_bad; /* received bytes that differ from the pattern */
	uint64_t client_count; /* the count the server sent back */
	int client_eof; /* 1: EOF followed the count */
	__nsec ns; /* from connect to the client's EOF */
};

/*
 * Runs the transfer: the server listens on the loopback address of family
 * (AF_INET: 127.0.0.1, AF_INET6: ::1) at port, the client connects, sends
 * bytes of a position-dependent pattern and shuts down its direction; the
 * server checks and counts every byte, sends the count back (8 bytes,
 * native order) and closes. Both run as threads; this joins them.
 * Returns 0 if both sides finished without errors (the counts and the
 * pattern are for the caller to check), else -1.
 */
int lwip_xfer_run(int family, uint16_t port, size_t bytes,
		  struct lwip_xfer_result *res);

#ifdef __cplusplus
}
#endif

#endif /* LWIP_LOOPBACK_XFER_H */
