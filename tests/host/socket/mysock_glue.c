/*
 * The release notes' glue example, verbatim from "static int" on. In the
 * notes the glue calls the stack's own mysock_bind (struct my_socket *,
 * addr, len), while the ops table names the glue mysock_bind: the two
 * snippets live in separate files so that both compile as printed.
 */
#include <errno.h>
#include <uk/socket.h>

#include "my_stack.h"

/* Defined here, declared in my_socket.h (whose mysock_bind clashes). */
posix_socket_bind_func_t mysock_example_glue_bind(void);

static int mysock_glue_bind(struct posix_socket_driver *d, void *sock,
			    const struct sockaddr *addr, socklen_t addr_len)
{
	struct my_socket *mysock;
	int ret;

	mysock = (struct my_socket *)sock;
	ret = mysock_bind(mysock, addr, addr_len);
	if (ret < 0)
		ret = -errno;

	return ret;
}

posix_socket_bind_func_t mysock_example_glue_bind(void)
{
	return mysock_glue_bind;
}
