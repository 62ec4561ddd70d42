/* capget/capset: the capability sets of the process, Linux's rules. */
#include <errno.h>
#include <stddef.h>
#include <uk/caps.h>
#include <uk/syscall.h>

#define CAP_VALID ((UINT64_C(1) << (UK_CAP_LAST_CAP + 1)) - 1)

struct capsets {
	uint64_t effective;
	uint64_t permitted;
	uint64_t inheritable;
};

/* A root process on Linux: everything effective and permitted. */
static struct capsets caps = {
	.effective = CAP_VALID,
	.permitted = CAP_VALID,
	.inheritable = 0,
};

/*
 * capset checks the old sets and writes three words: the update must be
 * atomic. A test-and-set flag, as this library may not depend on the
 * scheduler (it builds for host tests); it is held for a few instructions.
 */
static char caps_busy;

static void caps_lock(void)
{
	while (__atomic_test_and_set(&caps_busy, __ATOMIC_ACQUIRE))
		;
}

static void caps_unlock(void)
{
	__atomic_clear(&caps_busy, __ATOMIC_RELEASE);
}

/*
 * Number of data elements of hdr's version, or -EINVAL after writing the
 * preferred version into hdr (Linux tells the caller which one to use).
 */
static int cap_elements(struct uk_cap_header *hdr)
{
	switch (hdr->version) {
	case UK_CAP_VERSION_1:
		return 1;
	case UK_CAP_VERSION_2:
	case UK_CAP_VERSION_3:
		return 2;
	default:
		hdr->version = UK_CAP_VERSION_3;
		return -EINVAL;
	}
}

static int cap_is_self(int pid)
{
	return pid == 0 || pid == UK_CAPS_SELF_PID;
}

static int cap_subset(uint64_t a, uint64_t b)
{
	return !(a & ~b);
}

UK_SYSCALL_DEFINE(int, capget, struct uk_cap_header *, hdr,
		  struct uk_cap_data *, data)
{
	struct capsets cur;
	int n, i;

	if (!hdr)
		return -EFAULT;
	n = cap_elements(hdr);
	if (!data)
		return 0;
	if (n < 0)
		return n;
	if (hdr->pid < 0)
		return -EINVAL;
	if (!cap_is_self(hdr->pid))
		return -ESRCH;
	caps_lock();
	cur = caps;
	caps_unlock();
	for (i = 0; i < n; i++) {
		data[i].effective = (uint32_t)(cur.effective >> (32 * i));
		data[i].permitted = (uint32_t)(cur.permitted >> (32 * i));
		data[i].inheritable = (uint32_t)(cur.inheritable >> (32 * i));
	}
	return 0;
}

UK_SYSCALL_DEFINE(int, capset, struct uk_cap_header *, hdr,
		  const struct uk_cap_data *, data)
{
	struct capsets new = { 0, 0, 0 };
	uint64_t inh_limit;
	int n, i, rc = 0;

	if (!hdr)
		return -EFAULT;
	n = cap_elements(hdr);
	if (n < 0)
		return n;
	if (!cap_is_self(hdr->pid))
		return -EPERM;
	if (!data)
		return -EFAULT;
	for (i = 0; i < n; i++) {
		new.effective |= (uint64_t)data[i].effective << (32 * i);
		new.permitted |= (uint64_t)data[i].permitted << (32 * i);
		new.inheritable |= (uint64_t)data[i].inheritable << (32 * i);
	}
	new.effective &= CAP_VALID;
	new.permitted &= CAP_VALID;
	new.inheritable &= CAP_VALID;

	caps_lock();
	/* Linux cap_capset(): the bounding set is full here. */
	inh_limit = caps.effective & (UINT64_C(1) << UK_CAP_SETPCAP) ?
			    CAP_VALID :
			    caps.inheritable | caps.permitted;
	if (!cap_subset(new.inheritable, inh_limit) ||
	    !cap_subset(new.permitted, caps.permitted) ||
	    !cap_subset(new.effective, new.permitted))
		rc = -EPERM;
	else
		caps = new;
	caps_unlock();
	return rc;
}
