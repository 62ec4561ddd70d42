/*
 * POSIX names of the passwd/group and login functions, for kernel images.
 *
 * They replace musl's versions, which read /etc/passwd and /etc/group: an
 * image has no filesystem. musl's build must leave these files out, or the
 * symbols are defined twice: src/passwd/getpwent.c, src/passwd/getpw_r.c,
 * src/passwd/getgrent.c, src/passwd/getgr_r.c, src/passwd/getgrouplist.c,
 * src/misc/initgroups.c, src/unistd/getlogin.c, src/unistd/getlogin_r.c.
 *
 * Each function forwards to its uk_ counterpart (<uk/user.h>) and turns the
 * negative errno into the libc convention.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>
#include <uk/user.h>

int getpwnam_r(const char *name, struct passwd *pwd, char *buf, size_t buflen,
	       struct passwd **result)
{
	return -uk_getpwnam_r(name, pwd, buf, buflen, result);
}

int getpwuid_r(uid_t uid, struct passwd *pwd, char *buf, size_t buflen,
	       struct passwd **result)
{
	return -uk_getpwuid_r(uid, pwd, buf, buflen, result);
}

struct passwd *getpwnam(const char *name)
{
	return uk_getpwnam(name);
}

struct passwd *getpwuid(uid_t uid)
{
	return uk_getpwuid(uid);
}

struct passwd *getpwent(void)
{
	return uk_getpwent();
}

void setpwent(void)
{
	uk_setpwent();
}

void endpwent(void)
{
	uk_endpwent();
}

int getgrnam_r(const char *name, struct group *grp, char *buf, size_t buflen,
	       struct group **result)
{
	return -uk_getgrnam_r(name, grp, buf, buflen, result);
}

int getgrgid_r(gid_t gid, struct group *grp, char *buf, size_t buflen,
	       struct group **result)
{
	return -uk_getgrgid_r(gid, grp, buf, buflen, result);
}

struct group *getgrnam(const char *name)
{
	return uk_getgrnam(name);
}

struct group *getgrgid(gid_t gid)
{
	return uk_getgrgid(gid);
}

struct group *getgrent(void)
{
	return uk_getgrent();
}

void setgrent(void)
{
	uk_setgrent();
}

void endgrent(void)
{
	uk_endgrent();
}

/* glibc and musl: -1 when *ngroups was too small, errno untouched. */
int getgrouplist(const char *user, gid_t group, gid_t *groups, int *ngroups)
{
	int rc = uk_getgrouplist(user, group, groups, ngroups);

	if (rc == -ERANGE)
		return -1;
	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return rc;
}

int initgroups(const char *user, gid_t group)
{
	int rc = uk_initgroups(user, group);

	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return 0;
}

char *getlogin(void)
{
	return uk_getlogin();
}

int getlogin_r(char *name, size_t size)
{
	return -uk_getlogin_r(name, size);
}
