/* Registers lwIP as the AF_INET and AF_INET6 families of posix/socket. */
#include <uk/socket.h>

#include "third_party/lwip/port/socket_ops.h"

POSIX_SOCKET_FAMILY_REGISTER(AF_INET, &uk_lwip_socket_ops);
POSIX_SOCKET_FAMILY_REGISTER(AF_INET6, &uk_lwip_socket_ops);
