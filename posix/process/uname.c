/*
 * uname and sethostname/setdomainname. The machine field is the target's
 * (POSIX_UNAME_MACHINE, set per architecture by the BUILD file) as Linux
 * names it, so that portable code that tests it keeps working.
 */
/* struct utsname's domainname member. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/utsname.h>
#include <uk/spinlock.h>
#include <uk/syscall.h>

#define UNAME_SYSNAME "Tessera"
/* The release whose notes define our feature set (../shared/DESIGN.md). */
#define UNAME_RELEASE "0.10.0"
#define UNAME_VERSION "Tessera unikernel"

/* Buffer size of each utsname field, as Linux's __NEW_UTS_LEN + 1. */
#define UNAME_LEN 65

static char uname_nodename[UNAME_LEN] = "tessera";
static char uname_domainname[UNAME_LEN] = "(none)";
static struct uk_spinlock uname_lock = UK_SPINLOCK_INITIALIZER;

UK_SYSCALL_DEFINE(long, uname, long, buf)
{
	struct utsname *u = (struct utsname *)buf;

	if (!u)
		return -EFAULT;
	memset(u, 0, sizeof(*u));
	strcpy(u->sysname, UNAME_SYSNAME);
	strcpy(u->release, UNAME_RELEASE);
	strcpy(u->version, UNAME_VERSION);
	strcpy(u->machine, POSIX_UNAME_MACHINE);
	uk_spin_lock(&uname_lock);
	strcpy(u->nodename, uname_nodename);
	strcpy(u->domainname, uname_domainname);
	uk_spin_unlock(&uname_lock);
	return 0;
}

static long uname_set(char *field, const char *name, long len)
{
	if (len < 0 || len >= UNAME_LEN)
		return -EINVAL;
	if (!name)
		return -EFAULT;
	uk_spin_lock(&uname_lock);
	memcpy(field, name, len);
	field[len] = '\0';
	uk_spin_unlock(&uname_lock);
	return 0;
}

UK_SYSCALL_DEFINE(long, sethostname, long, name, long, len)
{
	return uname_set(uname_nodename, (const char *)name, len);
}

UK_SYSCALL_DEFINE(long, setdomainname, long, name, long, len)
{
	return uname_set(uname_domainname, (const char *)name, len);
}
