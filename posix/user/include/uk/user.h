/* Users and groups of a unikernel: the single default user and group. */
#ifndef UK_USER_H
#define UK_USER_H

#include <grp.h>
#include <pwd.h>
#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The default user and group, the only ones an image has. Every value can
 * be overridden at build time with -D (e.g. copts = ["-DUK_DEFAULT_UID=1000"]).
 */
#ifndef UK_DEFAULT_UID
#define UK_DEFAULT_UID 0
#endif
#ifndef UK_DEFAULT_GID
#define UK_DEFAULT_GID 0
#endif
#ifndef UK_DEFAULT_USER
#define UK_DEFAULT_USER "root"
#endif
#ifndef UK_DEFAULT_GROUP
#define UK_DEFAULT_GROUP "root"
#endif
#ifndef UK_DEFAULT_HOME
#define UK_DEFAULT_HOME "/"
#endif
#ifndef UK_DEFAULT_SHELL
#define UK_DEFAULT_SHELL "/bin/sh"
#endif
/* Password fields: "x" means "see the shadow file", as on Linux. */
#ifndef UK_DEFAULT_PASSWD
#define UK_DEFAULT_PASSWD "x"
#endif

/* Largest supplementary group list setgroups() accepts (Linux's value). */
#define UK_NGROUPS_MAX 65536

/*
 * Conventions of this header. The functions are the passwd/group and id
 * calls of POSIX and Linux under a uk_ prefix, so that host tests can link
 * them next to glibc; posix/user:posix_names provides the POSIX names in
 * kernel images. Unlike their POSIX counterparts they return 0 (or a
 * count) on success and a negative errno on failure, and never touch
 * errno. Pointer arguments must not be NULL unless stated otherwise;
 * NULL where a pointer is required gives -EINVAL (-EFAULT for the
 * syscall-shaped functions, as Linux does for a bad user pointer).
 *
 * The lookup functions are thread-safe. The non-reentrant ones
 * (uk_getpwnam, uk_getpwent, ...) return storage that the next call of the
 * same family overwrites; enumeration state is process-wide, as in POSIX.
 */

/* --- passwd --- */

/*
 * Looks up the user called name (uk_getpwnam_r) or with ID uid
 * (uk_getpwuid_r) and copies the entry into *pwd, with its strings in
 * buf[0..buflen).
 * Returns 0 with *result = pwd when found; 0 with *result = NULL when no
 * such user exists; -ERANGE with *result = NULL when buflen is smaller than
 * uk_passwd_bufsize() of the entry; -EINVAL when name, pwd, result is NULL
 * or buf is NULL with buflen > 0 (*result = NULL if result is not NULL).
 */
int uk_getpwnam_r(const char *name, struct passwd *pwd, char *buf,
		  size_t buflen, struct passwd **result);
int uk_getpwuid_r(uid_t uid, struct passwd *pwd, char *buf, size_t buflen,
		  struct passwd **result);

/*
 * Bytes of caller buffer the entry p needs in uk_getpw*_r: every string
 * field with its terminating NUL.
 */
size_t uk_passwd_bufsize(const struct passwd *p);

/*
 * Non-reentrant lookups: a pointer to static storage holding the entry, or
 * NULL when there is no such user (or name is NULL).
 */
struct passwd *uk_getpwnam(const char *name);
struct passwd *uk_getpwuid(uid_t uid);

/*
 * Enumeration: uk_getpwent returns the next entry (static storage) or NULL
 * after the last one; uk_setpwent rewinds to the first entry; uk_endpwent
 * ends the enumeration (the next uk_getpwent starts again at the first).
 */
struct passwd *uk_getpwent(void);
void uk_setpwent(void);
void uk_endpwent(void);

/* --- group --- */

/*
 * Looks up the group called name (uk_getgrnam_r) or with ID gid
 * (uk_getgrgid_r) and copies it into *grp. buf receives the NULL-terminated
 * gr_mem pointer array (aligned for char *, so the space needed depends on
 * buf's alignment) followed by the strings.
 * Returns as uk_getpwnam_r: 0 and *result = grp or NULL (not found),
 * -ERANGE when buflen < uk_group_bufsize(entry, buf), -EINVAL on NULL
 * arguments.
 */
int uk_getgrnam_r(const char *name, struct group *grp, char *buf, size_t buflen,
		  struct group **result);
int uk_getgrgid_r(gid_t gid, struct group *grp, char *buf, size_t buflen,
		  struct group **result);

/*
 * Bytes of caller buffer the entry g needs in uk_getgr*_r when the buffer
 * starts at buf: padding to align the member array, the array of member
 * pointers with its NULL terminator, then every string with its NUL.
 */
size_t uk_group_bufsize(const struct group *g, const char *buf);

/* Non-reentrant lookups, as uk_getpwnam/uk_getpwuid. */
struct group *uk_getgrnam(const char *name);
struct group *uk_getgrgid(gid_t gid);

/* Enumeration of the groups, as uk_getpwent/uk_setpwent/uk_endpwent. */
struct group *uk_getgrent(void);
void uk_setgrent(void);
void uk_endgrent(void);

/*
 * Groups of user: group first, then every group that lists user as a
 * member, without duplicates (glibc's order; an unknown user gets just
 * group). Stores up to *ngroups of them in groups and sets *ngroups to how
 * many there are in total.
 * Returns that number, or -ERANGE when it is larger than the *ngroups
 * passed in (groups then holds the first ones: retry with the updated
 * *ngroups), -EINVAL when user or ngroups is NULL, *ngroups < 0, or groups
 * is NULL with *ngroups > 0.
 */
int uk_getgrouplist(const char *user, gid_t group, gid_t *groups, int *ngroups);

/*
 * Sets the supplementary groups to the groups of user (uk_getgrouplist)
 * through uk_sys_setgroups. Returns 0, or -EINVAL when user is NULL or a group
 * is not a valid group ID (see uk_sys_setgroups).
 */
int uk_initgroups(const char *user, gid_t group);

/* --- login name --- */

/* Login name of the process: the default user (static storage). */
char *uk_getlogin(void);

/*
 * Copies the login name with its NUL into name[0..size). Returns 0,
 * -ERANGE when size is too small, -EINVAL when name is NULL.
 */
int uk_getlogin_r(char *name, size_t size);

/* --- user and group IDs of the process (Linux syscall semantics) --- */

/*
 * The process always runs as the default user and group: the getters
 * return UK_DEFAULT_UID / UK_DEFAULT_GID. The setters accept only these
 * IDs, and (uid_t)-1 / (gid_t)-1 ("leave unchanged") where Linux does
 * (setre*id, setres*id); they return 0, or -EINVAL for any other ID. Linux
 * returns EINVAL for an ID that does not exist in the caller's user
 * namespace; here no other ID exists, so root cannot switch to one either.
 */
uid_t uk_sys_getuid(void);
uid_t uk_sys_geteuid(void);
gid_t uk_sys_getgid(void);
gid_t uk_sys_getegid(void);
int uk_sys_setuid(uid_t uid);
int uk_sys_setgid(gid_t gid);
int uk_sys_setreuid(uid_t ruid, uid_t euid);
int uk_sys_setregid(gid_t rgid, gid_t egid);
int uk_sys_setresuid(uid_t ruid, uid_t euid, uid_t suid);
int uk_sys_setresgid(gid_t rgid, gid_t egid, gid_t sgid);

/* Store the real, effective and saved IDs. Returns 0 or -EFAULT (NULL). */
int uk_sys_getresuid(uid_t *ruid, uid_t *euid, uid_t *suid);
int uk_sys_getresgid(gid_t *rgid, gid_t *egid, gid_t *sgid);

/*
 * setfsuid/setfsgid: accept only the default ID (others are ignored, as
 * Linux ignores an ID it refuses) and return the previous one, which is
 * always the default ID.
 */
uid_t uk_sys_setfsuid(uid_t fsuid);
gid_t uk_sys_setfsgid(gid_t fsgid);

/*
 * Supplementary groups, Linux getgroups(2): with size 0 returns how many
 * there are; otherwise stores them in list[0..size) and returns the count.
 * -EINVAL when size < 0 or smaller than the count, -EFAULT when list is
 * NULL and size > 0. Initially the list is { UK_DEFAULT_GID }.
 */
int uk_sys_getgroups(int size, gid_t *list);

/*
 * Sets the supplementary groups, Linux setgroups(2). Every entry must be
 * a valid group ID (the default group); duplicates collapse, so
 * uk_sys_getgroups returns each group once. Returns 0, -EINVAL when size < 0,
 * size > UK_NGROUPS_MAX or an entry is not a valid group ID (the list is
 * then unchanged), -EFAULT when list is NULL and size > 0.
 */
int uk_sys_setgroups(int size, const gid_t *list);

#ifdef __cplusplus
}
#endif

#endif /* UK_USER_H */
