/* Registers AF_UNIX with posix/socket at boot. */
#include <sys/socket.h>

#include "posix/socket/unix/unix.h"

POSIX_SOCKET_FAMILY_REGISTER(AF_UNIX, &posix_unix_socket_ops);
