/*
 * Syscall handlers of posix/user: the user/group ID syscalls,
 * getgroups/setgroups and capget/capset, forwarding to <uk/user.h> and
 * <uk/caps.h>. Linux passes IDs as 32-bit values: the casts keep the low
 * 32 bits, so musl's (int)-1 arrives as (uid_t)-1.
 */
#include <uk/caps.h>
#include <uk/syscall.h>
#include <uk/user.h>

#define UNUSED5 long a2 __unused, long a3 __unused, long a4 __unused, \
		long a5 __unused, long a6 __unused
#define UNUSED4 long a3 __unused, long a4 __unused, long a5 __unused, \
		long a6 __unused
#define UNUSED3 long a4 __unused, long a5 __unused, long a6 __unused

static long sys_getuid(long a1 __unused, UNUSED5)
{
	return uk_getuid();
}
UK_SYSCALL_REGISTER(SYS_getuid, sys_getuid);

static long sys_geteuid(long a1 __unused, UNUSED5)
{
	return uk_geteuid();
}
UK_SYSCALL_REGISTER(SYS_geteuid, sys_geteuid);

static long sys_getgid(long a1 __unused, UNUSED5)
{
	return uk_getgid();
}
UK_SYSCALL_REGISTER(SYS_getgid, sys_getgid);

static long sys_getegid(long a1 __unused, UNUSED5)
{
	return uk_getegid();
}
UK_SYSCALL_REGISTER(SYS_getegid, sys_getegid);

static long sys_setuid(long uid, UNUSED5)
{
	return uk_setuid((uid_t)uid);
}
UK_SYSCALL_REGISTER(SYS_setuid, sys_setuid);

static long sys_setgid(long gid, UNUSED5)
{
	return uk_setgid((gid_t)gid);
}
UK_SYSCALL_REGISTER(SYS_setgid, sys_setgid);

static long sys_setreuid(long ruid, long euid, UNUSED4)
{
	return uk_setreuid((uid_t)ruid, (uid_t)euid);
}
UK_SYSCALL_REGISTER(SYS_setreuid, sys_setreuid);

static long sys_setregid(long rgid, long egid, UNUSED4)
{
	return uk_setregid((gid_t)rgid, (gid_t)egid);
}
UK_SYSCALL_REGISTER(SYS_setregid, sys_setregid);

static long sys_setresuid(long ruid, long euid, long suid, UNUSED3)
{
	return uk_setresuid((uid_t)ruid, (uid_t)euid, (uid_t)suid);
}
UK_SYSCALL_REGISTER(SYS_setresuid, sys_setresuid);

static long sys_setresgid(long rgid, long egid, long sgid, UNUSED3)
{
	return uk_setresgid((gid_t)rgid, (gid_t)egid, (gid_t)sgid);
}
UK_SYSCALL_REGISTER(SYS_setresgid, sys_setresgid);

static long sys_getresuid(long ruid, long euid, long suid, UNUSED3)
{
	return uk_getresuid((uid_t *)ruid, (uid_t *)euid, (uid_t *)suid);
}
UK_SYSCALL_REGISTER(SYS_getresuid, sys_getresuid);

static long sys_getresgid(long rgid, long egid, long sgid, UNUSED3)
{
	return uk_getresgid((gid_t *)rgid, (gid_t *)egid, (gid_t *)sgid);
}
UK_SYSCALL_REGISTER(SYS_getresgid, sys_getresgid);

static long sys_setfsuid(long fsuid, UNUSED5)
{
	return uk_setfsuid((uid_t)fsuid);
}
UK_SYSCALL_REGISTER(SYS_setfsuid, sys_setfsuid);

static long sys_setfsgid(long fsgid, UNUSED5)
{
	return uk_setfsgid((gid_t)fsgid);
}
UK_SYSCALL_REGISTER(SYS_setfsgid, sys_setfsgid);

/* Linux takes the sizes of getgroups/setgroups as int. */
static long sys_getgroups(long size, long list, UNUSED4)
{
	return uk_getgroups((int)size, (gid_t *)list);
}
UK_SYSCALL_REGISTER(SYS_getgroups, sys_getgroups);

static long sys_setgroups(long size, long list, UNUSED4)
{
	return uk_setgroups((int)size, (const gid_t *)list);
}
UK_SYSCALL_REGISTER(SYS_setgroups, sys_setgroups);

static long sys_capget(long hdr, long data, UNUSED4)
{
	return uk_capget((struct uk_cap_header *)hdr,
			 (struct uk_cap_data *)data);
}
UK_SYSCALL_REGISTER(SYS_capget, sys_capget);

static long sys_capset(long hdr, long data, UNUSED4)
{
	return uk_capset((struct uk_cap_header *)hdr,
			 (const struct uk_cap_data *)data);
}
UK_SYSCALL_REGISTER(SYS_capset, sys_capset);
