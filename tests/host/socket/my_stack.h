/*
 * The "mysock" stack's bind, as the notes' glue example calls it: on its
 * own socket structure, reporting errors through errno.
 */
#ifndef MY_STACK_H
#define MY_STACK_H

#include <errno.h>
#include <sys/socket.h>
#include <uk/essentials.h>

#include "mysock_types.h"

static inline int mysock_bind(struct my_socket *s,
			      const struct sockaddr *addr __unused,
			      socklen_t addr_len __unused)
{
	if (s->bind_errno) {
		errno = s->bind_errno;
		return -1;
	}
	s->bound = 1;
	return 0;
}

#endif /* MY_STACK_H */
