/*
 * The release notes' registration example, verbatim from "#include
 * <uk/socket.h>" to the POSIX_SOCKET_FAMILY_REGISTER line: it must compile
 * unchanged against our headers.
 */
#include <uk/socket.h>
#include "my_socket.h"

static struct posix_socket_ops mysock_socket_ops = {
	/* The initialization function on socket registration. */
	.init = mysock_init,
	/* POSIX interfaces */
	.create = mysock_create,
	.accept4 = mysock_accept4,
	.bind = mysock_bind,
	.shutdown = mysock_shutdown,
	.getpeername = mysock_getpeername,
	.getsockname = mysock_getsockname,
	.getsockopt = mysock_getsockopt,
	.setsockopt = mysock_setsockopt,
	.connect = mysock_connect,
	.listen = mysock_listen,
	.recvfrom = mysock_recvfrom,
	.recvmsg = mysock_recvmsg,
	.sendmsg = mysock_sendmsg,
	.sendto = mysock_sendto,
	/* vfscore ops */
	.read = mysock_read,
	.write = mysock_write,
	.close = mysock_close,
	.ioctl = mysock_ioctl,
	.poll = mysock_poll,
};

POSIX_SOCKET_FAMILY_REGISTER(AF_INET, &mysock_socket_ops);

const struct posix_socket_ops *mysock_example_ops(void)
{
	return &mysock_socket_ops;
}
