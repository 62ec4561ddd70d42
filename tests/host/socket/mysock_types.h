/* The "mysock" stack's socket structure, shared by its glue and its API. */
#ifndef MYSOCK_TYPES_H
#define MYSOCK_TYPES_H

struct my_socket {
	int bound;
	/* errno the next bind fails with, or 0. */
	int bind_errno;
};

#endif /* MYSOCK_TYPES_H */
