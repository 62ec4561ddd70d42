/* AF_UNIX sockets: the socket family's ops (posix/socket). */
#ifndef POSIX_SOCKET_UNIX_UNIX_H
#define POSIX_SOCKET_UNIX_UNIX_H

#include <uk/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Registered for AF_UNIX by //posix/socket/unix; host tests add it. */
extern const struct posix_socket_ops posix_unix_socket_ops;

#ifdef __cplusplus
}
#endif

#endif /* POSIX_SOCKET_UNIX_UNIX_H */
