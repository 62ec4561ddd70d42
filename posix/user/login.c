/* Login name of the process: the default user. */
#include <errno.h>
#include <string.h>
#include <uk/user.h>

/* POSIX getlogin returns char *: restored on every call in case of writes. */
static char login_name[] = UK_DEFAULT_USER;

char *uk_getlogin(void)
{
	memcpy(login_name, UK_DEFAULT_USER, sizeof(login_name));
	return login_name;
}

int uk_getlogin_r(char *name, size_t size)
{
	if (!name)
		return -EINVAL;
	if (size < sizeof(login_name))
		return -ERANGE;
	memcpy(name, UK_DEFAULT_USER, sizeof(login_name));
	return 0;
}
