/*
 * Boot-time registration: adds every driver that POSIX_SOCKET_FAMILY_REGISTER
 * placed in the .uk_socket_families linker section to the family table.
 */
#include <uk/init.h>
#include <uk/print.h>
#include <uk/socket.h>

/* Bounds of the section, from the platform linker script. */
extern struct posix_socket_driver *const __uk_socket_families_start[];
extern struct posix_socket_driver *const __uk_socket_families_end[];

/*
 * A family that fails to register is reported and left out (socket() on
 * it gives EAFNOSUPPORT); the other families and the boot go on.
 */
static int posix_socket_families_init(void)
{
	struct posix_socket_driver *const *p;
	int ret;

	for (p = __uk_socket_families_start; p < __uk_socket_families_end;
	     p++) {
		ret = posix_socket_family_add(*p);
		if (ret < 0)
			uk_pr_err(
				"posix-socket: family %d not registered: %d\n",
				(*p)->family, ret);
	}
	return 0;
}
uk_sys_initcall(posix_socket_families_init);
