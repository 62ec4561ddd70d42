/* group lookups, enumeration and group lists over the table of groups. */
#include <errno.h>
#include <stdalign.h>
#include <stdint.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/user.h>

#include "strcopy.h"

static char *default_members[] = { UK_DEFAULT_USER, NULL };

/*
 * The groups of the image. Only the default group, with the default user as
 * member; the lookups walk the table so that more entries need no change in
 * them.
 */
static const struct group groups[] = {
	{
		.gr_name = UK_DEFAULT_GROUP,
		.gr_passwd = UK_DEFAULT_PASSWD,
		.gr_gid = UK_DEFAULT_GID,
		.gr_mem = default_members,
	},
};

/* Storage of the non-reentrant functions, aligned for the member array. */
static struct group static_gr;
static char static_buf[256] __aligned(alignof(char *));
/* Index of the entry uk_getgrent returns next. */
static size_t ent_next;

static size_t gr_nmem(const struct group *g)
{
	size_t n = 0;

	while (g->gr_mem[n])
		n++;
	return n;
}

/* Padding that aligns buf for the member pointer array. */
static size_t gr_pad(const char *buf)
{
	return (alignof(char *) - (uintptr_t)buf % alignof(char *)) %
	       alignof(char *);
}

size_t uk_group_bufsize(const struct group *g, const char *buf)
{
	size_t n = gr_nmem(g);
	size_t size = gr_pad(buf) + (n + 1) * sizeof(char *) +
		      uk_user_strsize(g->gr_name) +
		      uk_user_strsize(g->gr_passwd);

	while (n--)
		size += uk_user_strsize(g->gr_mem[n]);
	return size;
}

/*
 * Copies entry e into grp: the member array first (aligned), then the
 * strings. 0 or -ERANGE.
 */
static int gr_copy(const struct group *e, struct group *grp, char *buf,
		   size_t buflen)
{
	size_t i, n = gr_nmem(e);
	char **mem;
	char *pos;

	if (buflen < uk_group_bufsize(e, buf))
		return -ERANGE;
	mem = (char **)(void *)(buf + gr_pad(buf));
	pos = (char *)(mem + n + 1);
	grp->gr_gid = e->gr_gid;
	grp->gr_name = uk_user_strcopy(&pos, e->gr_name);
	grp->gr_passwd = uk_user_strcopy(&pos, e->gr_passwd);
	for (i = 0; i < n; i++)
		mem[i] = uk_user_strcopy(&pos, e->gr_mem[i]);
	mem[n] = NULL;
	grp->gr_mem = mem;
	return 0;
}

/* Common part of the *_r lookups: e is the entry found or NULL. */
static int gr_result(const struct group *e, struct group *grp, char *buf,
		     size_t buflen, struct group **result)
{
	int rc;

	if (!result)
		return -EINVAL;
	*result = NULL;
	if (!grp || (!buf && buflen))
		return -EINVAL;
	if (!e)
		return 0;
	rc = gr_copy(e, grp, buf, buflen);
	if (rc)
		return rc;
	*result = grp;
	return 0;
}

static const struct group *gr_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < UK_ARRAY_SIZE(groups); i++)
		if (!strcmp(groups[i].gr_name, name))
			return &groups[i];
	return NULL;
}

static const struct group *gr_by_gid(gid_t gid)
{
	size_t i;

	for (i = 0; i < UK_ARRAY_SIZE(groups); i++)
		if (groups[i].gr_gid == gid)
			return &groups[i];
	return NULL;
}

int uk_getgrnam_r(const char *name, struct group *grp, char *buf, size_t buflen,
		  struct group **result)
{
	if (!name) {
		if (result)
			*result = NULL;
		return -EINVAL;
	}
	return gr_result(gr_by_name(name), grp, buf, buflen, result);
}

int uk_getgrgid_r(gid_t gid, struct group *grp, char *buf, size_t buflen,
		  struct group **result)
{
	return gr_result(gr_by_gid(gid), grp, buf, buflen, result);
}

/* Copy of e in the static storage, or NULL if e is NULL or does not fit. */
static struct group *gr_static(const struct group *e)
{
	if (!e || gr_copy(e, &static_gr, static_buf, sizeof(static_buf)))
		return NULL;
	return &static_gr;
}

struct group *uk_getgrnam(const char *name)
{
	return name ? gr_static(gr_by_name(name)) : NULL;
}

struct group *uk_getgrgid(gid_t gid)
{
	return gr_static(gr_by_gid(gid));
}

struct group *uk_getgrent(void)
{
	if (ent_next >= UK_ARRAY_SIZE(groups))
		return NULL;
	return gr_static(&groups[ent_next++]);
}

void uk_setgrent(void)
{
	ent_next = 0;
}

void uk_endgrent(void)
{
	ent_next = 0;
}

static int gr_has_member(const struct group *g, const char *user)
{
	char **m;

	for (m = g->gr_mem; *m; m++)
		if (!strcmp(*m, user))
			return 1;
	return 0;
}

/*
 * Whether groups[i] adds a new gid to the list of user: user is a member,
 * and neither group nor an earlier group of user has the same gid.
 */
static int gr_adds(size_t i, const char *user, gid_t group)
{
	size_t j;

	if (groups[i].gr_gid == group || !gr_has_member(&groups[i], user))
		return 0;
	for (j = 0; j < i; j++)
		if (groups[j].gr_gid == groups[i].gr_gid &&
		    gr_has_member(&groups[j], user))
			return 0;
	return 1;
}

int uk_getgrouplist(const char *user, gid_t group, gid_t *list, int *ngroups)
{
	int n = 0, max;
	size_t i;

	if (!user || !ngroups || *ngroups < 0 || (!list && *ngroups))
		return -EINVAL;
	max = *ngroups;
	if (n++ < max)
		list[0] = group;
	for (i = 0; i < UK_ARRAY_SIZE(groups); i++) {
		if (!gr_adds(i, user, group))
			continue;
		if (n < max)
			list[n] = groups[i].gr_gid;
		n++;
	}
	*ngroups = n;
	return n > max ? -ERANGE : n;
}

int uk_initgroups(const char *user, gid_t group)
{
	/* group, plus at most every group of the table. */
	gid_t list[UK_ARRAY_SIZE(groups) + 1];
	int n = UK_ARRAY_SIZE(list);
	int rc;

	rc = uk_getgrouplist(user, group, list, &n);
	if (rc < 0)
		return rc;
	return uk_sys_setgroups(n, list);
}
