/* User and group IDs of the process: always the default user and group. */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/syscall.h>
#include <uk/user.h>

/* "Leave unchanged" in setre*id and setres*id. */
#define UID_KEEP ((uid_t) - 1)
#define GID_KEEP ((gid_t) - 1)

/*
 * Supplementary groups: the only valid group is the default one and
 * duplicates collapse, so the list is either { UK_DEFAULT_GID } or empty.
 * Only its length changes; one word, read and written atomically.
 */
static int supp_count = 1;

UK_SYSCALL_DEFINE(uid_t, getuid)
{
	return UK_DEFAULT_UID;
}

UK_SYSCALL_DEFINE(uid_t, geteuid)
{
	return UK_DEFAULT_UID;
}

UK_SYSCALL_DEFINE(gid_t, getgid)
{
	return UK_DEFAULT_GID;
}

UK_SYSCALL_DEFINE(gid_t, getegid)
{
	return UK_DEFAULT_GID;
}

static int uid_ok(uid_t uid, int keep_ok)
{
	return uid == UK_DEFAULT_UID || (keep_ok && uid == UID_KEEP);
}

static int gid_ok(gid_t gid, int keep_ok)
{
	return gid == UK_DEFAULT_GID || (keep_ok && gid == GID_KEEP);
}

/* Linux setuid(2) takes no "unchanged" value: -1 is an invalid ID. */
UK_SYSCALL_DEFINE(int, setuid, uid_t, uid)
{
	return uid_ok(uid, 0) ? 0 : -EINVAL;
}

UK_SYSCALL_DEFINE(int, setgid, gid_t, gid)
{
	return gid_ok(gid, 0) ? 0 : -EINVAL;
}

UK_SYSCALL_DEFINE(int, setreuid, uid_t, ruid, uid_t, euid)
{
	return uid_ok(ruid, 1) && uid_ok(euid, 1) ? 0 : -EINVAL;
}

UK_SYSCALL_DEFINE(int, setregid, gid_t, rgid, gid_t, egid)
{
	return gid_ok(rgid, 1) && gid_ok(egid, 1) ? 0 : -EINVAL;
}

UK_SYSCALL_DEFINE(int, setresuid, uid_t, ruid, uid_t, euid, uid_t, suid)
{
	return uid_ok(ruid, 1) && uid_ok(euid, 1) && uid_ok(suid, 1) ? 0 :
								       -EINVAL;
}

UK_SYSCALL_DEFINE(int, setresgid, gid_t, rgid, gid_t, egid, gid_t, sgid)
{
	return gid_ok(rgid, 1) && gid_ok(egid, 1) && gid_ok(sgid, 1) ? 0 :
								       -EINVAL;
}

UK_SYSCALL_DEFINE(int, getresuid, uid_t *, ruid, uid_t *, euid, uid_t *, suid)
{
	if (!ruid || !euid || !suid)
		return -EFAULT;
	*ruid = *euid = *suid = UK_DEFAULT_UID;
	return 0;
}

UK_SYSCALL_DEFINE(int, getresgid, gid_t *, rgid, gid_t *, egid, gid_t *, sgid)
{
	if (!rgid || !egid || !sgid)
		return -EFAULT;
	*rgid = *egid = *sgid = UK_DEFAULT_GID;
	return 0;
}

UK_SYSCALL_DEFINE(uid_t, setfsuid, uid_t, fsuid __unused)
{
	return UK_DEFAULT_UID;
}

UK_SYSCALL_DEFINE(gid_t, setfsgid, gid_t, fsgid __unused)
{
	return UK_DEFAULT_GID;
}

UK_SYSCALL_DEFINE(int, getgroups, int, size, gid_t *, list)
{
	int n = __atomic_load_n(&supp_count, __ATOMIC_RELAXED);

	if (size < 0)
		return -EINVAL;
	if (!size)
		return n;
	if (size < n)
		return -EINVAL;
	if (!list)
		return -EFAULT;
	if (n)
		list[0] = UK_DEFAULT_GID;
	return n;
}

UK_SYSCALL_DEFINE(int, setgroups, int, size, const gid_t *, list)
{
	int i;

	if (size < 0 || size > UK_NGROUPS_MAX)
		return -EINVAL;
	if (size && !list)
		return -EFAULT;
	for (i = 0; i < size; i++)
		if (!gid_ok(list[i], 0))
			return -EINVAL;
	__atomic_store_n(&supp_count, size ? 1 : 0, __ATOMIC_RELAXED);
	return 0;
}
