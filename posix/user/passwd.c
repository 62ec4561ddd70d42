/* passwd lookups and enumeration over the table of users (the default one). */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/user.h>

#include "strcopy.h"

/*
 * The users of the image. Only the default user today, but the lookups walk
 * the table so that more entries (e.g. for impersonation) need no change
 * in them.
 */
static const struct passwd users[] = {
	{
		.pw_name = UK_DEFAULT_USER,
		.pw_passwd = UK_DEFAULT_PASSWD,
		.pw_uid = UK_DEFAULT_UID,
		.pw_gid = UK_DEFAULT_GID,
		.pw_gecos = UK_DEFAULT_USER,
		.pw_dir = UK_DEFAULT_HOME,
		.pw_shell = UK_DEFAULT_SHELL,
	},
};

/* Storage of the non-reentrant functions; entries are a few short strings. */
static struct passwd static_pw;
static char static_buf[256];
/* Index of the entry uk_getpwent returns next. */
static size_t ent_next;

size_t uk_passwd_bufsize(const struct passwd *p)
{
	return uk_user_strsize(p->pw_name) + uk_user_strsize(p->pw_passwd) +
	       uk_user_strsize(p->pw_gecos) + uk_user_strsize(p->pw_dir) +
	       uk_user_strsize(p->pw_shell);
}

/* Copies entry e into pwd with its strings in buf: 0 or -ERANGE. */
static int pw_copy(const struct passwd *e, struct passwd *pwd, char *buf,
		   size_t buflen)
{
	char *pos = buf;

	if (buflen < uk_passwd_bufsize(e))
		return -ERANGE;
	pwd->pw_uid = e->pw_uid;
	pwd->pw_gid = e->pw_gid;
	pwd->pw_name = uk_user_strcopy(&pos, e->pw_name);
	pwd->pw_passwd = uk_user_strcopy(&pos, e->pw_passwd);
	pwd->pw_gecos = uk_user_strcopy(&pos, e->pw_gecos);
	pwd->pw_dir = uk_user_strcopy(&pos, e->pw_dir);
	pwd->pw_shell = uk_user_strcopy(&pos, e->pw_shell);
	return 0;
}

/*
 * Common part of the *_r lookups: e is the entry found or NULL. POSIX: a
 * missing entry is not an error (0, *result = NULL).
 */
static int pw_result(const struct passwd *e, struct passwd *pwd, char *buf,
		     size_t buflen, struct passwd **result)
{
	int rc;

	if (!result)
		return -EINVAL;
	*result = NULL;
	if (!pwd || (!buf && buflen))
		return -EINVAL;
	if (!e)
		return 0;
	rc = pw_copy(e, pwd, buf, buflen);
	if (rc)
		return rc;
	*result = pwd;
	return 0;
}

static const struct passwd *pw_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < UK_ARRAY_SIZE(users); i++)
		if (!strcmp(users[i].pw_name, name))
			return &users[i];
	return NULL;
}

static const struct passwd *pw_by_uid(uid_t uid)
{
	size_t i;

	for (i = 0; i < UK_ARRAY_SIZE(users); i++)
		if (users[i].pw_uid == uid)
			return &users[i];
	return NULL;
}

int uk_getpwnam_r(const char *name, struct passwd *pwd, char *buf,
		  size_t buflen, struct passwd **result)
{
	if (!name) {
		if (result)
			*result = NULL;
		return -EINVAL;
	}
	return pw_result(pw_by_name(name), pwd, buf, buflen, result);
}

int uk_getpwuid_r(uid_t uid, struct passwd *pwd, char *buf, size_t buflen,
		  struct passwd **result)
{
	return pw_result(pw_by_uid(uid), pwd, buf, buflen, result);
}

/* Copy of e in the static storage, or NULL if e is NULL or does not fit. */
static struct passwd *pw_static(const struct passwd *e)
{
	if (!e || pw_copy(e, &static_pw, static_buf, sizeof(static_buf)))
		return NULL;
	return &static_pw;
}

struct passwd *uk_getpwnam(const char *name)
{
	return name ? pw_static(pw_by_name(name)) : NULL;
}

struct passwd *uk_getpwuid(uid_t uid)
{
	return pw_static(pw_by_uid(uid));
}

struct passwd *uk_getpwent(void)
{
	if (ent_next >= UK_ARRAY_SIZE(users))
		return NULL;
	return pw_static(&users[ent_next++]);
}

void uk_setpwent(void)
{
	ent_next = 0;
}

void uk_endpwent(void)
{
	ent_next = 0;
}
