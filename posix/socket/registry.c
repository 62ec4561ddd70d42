/* The socket family table: AF number -> driver, filled at registration. */
#include <errno.h>
#include <uk/socket.h>

/* Written once per family at registration, then only read. */
static struct posix_socket_driver *families[POSIX_SOCKET_FAMILY_COUNT];

int posix_socket_family_add(struct posix_socket_driver *d)
{
	struct posix_socket_driver *none = NULL;
	int ret;

	if (d->family < 0 || d->family >= POSIX_SOCKET_FAMILY_COUNT ||
	    !d->ops || !d->ops->create)
		return -EINVAL;
	if (posix_socket_family_get(d->family))
		return -EEXIST;
	if (d->ops->init) {
		ret = d->ops->init(d);
		if (ret < 0)
			return ret;
	}
	/* Release: a reader that sees d also sees what init set up. */
	if (!__atomic_compare_exchange_n(&families[d->family], &none, d, false,
					 __ATOMIC_RELEASE, __ATOMIC_RELAXED))
		return -EEXIST;
	return 0;
}

struct posix_socket_driver *posix_socket_family_get(int family)
{
	if (family < 0 || family >= POSIX_SOCKET_FAMILY_COUNT)
		return NULL;
	return __atomic_load_n(&families[family], __ATOMIC_ACQUIRE);
}
