/* The posix/socket ops of the lwIP glue, for registration and host tests. */
#ifndef UK_LWIP_SOCKET_OPS_H
#define UK_LWIP_SOCKET_OPS_H

#include <uk/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * AF_INET and AF_INET6 on lwIP. Precondition of every op except init:
 * uk_lwip_start() has returned 0.
 */
extern const struct posix_socket_ops uk_lwip_socket_ops;

#ifdef __cplusplus
}
#endif

#endif /* UK_LWIP_SOCKET_OPS_H */
