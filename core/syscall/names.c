/* Syscall names for log messages. */
#include "names.h"

const char *uk_syscall_name(long nr)
{
	if (nr < 0 || nr >= UK_SYSCALL_NR_MAX)
		return NULL;
	return uk_syscall_names[nr];
}
