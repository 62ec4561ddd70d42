/* Capabilities of the process (capget/capset), kept as Linux keeps them. */
#ifndef UK_CAPS_H
#define UK_CAPS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Header versions of capget(2)/capset(2) (Linux's _LINUX_CAPABILITY_*). */
#define UK_CAP_VERSION_1 0x19980330 /* 32 capabilities: 1 data element */
#define UK_CAP_VERSION_2 0x20071026 /* 64 capabilities: 2 data elements */
#define UK_CAP_VERSION_3 0x20080522 /* as version 2, preferred */

/* Highest capability number (Linux 5.9+: CAP_CHECKPOINT_RESTORE). */
#define UK_CAP_LAST_CAP 40
/* Capability numbers used by this library. */
#define UK_CAP_SETPCAP 8

/*
 * Process ID that capget/capset accept besides 0 (the caller): the only
 * process of the image, whose main thread has ID 1 (core/syscall).
 */
#ifndef UK_CAPS_SELF_PID
#define UK_CAPS_SELF_PID 1
#endif

/* Linux struct __user_cap_header_struct. */
struct uk_cap_header {
	uint32_t version;
	int pid;
};

/* Linux struct __user_cap_data_struct: element i holds caps 32i..32i+31. */
struct uk_cap_data {
	uint32_t effective;
	uint32_t permitted;
	uint32_t inheritable;
};

/*
 * The capability sets are bookkeeping only: nothing in the image checks
 * them. They start as a root process's on Linux: every capability
 * effective and permitted, none inheritable.
 */

/*
 * capget(2): stores the sets of the process in data[0] (version 1) or
 * data[0..1] (versions 2 and 3).
 * Returns 0; 0 without touching data when data is NULL (a version probe);
 * -EINVAL with hdr->version = UK_CAP_VERSION_3 for an unknown version
 * (0 if data is NULL), or when hdr->pid < 0; -ESRCH when hdr->pid is
 * neither 0 nor UK_CAPS_SELF_PID; -EFAULT when hdr is NULL.
 */
int uk_sys_capget(struct uk_cap_header *hdr, struct uk_cap_data *data);

/*
 * capset(2): replaces the sets with data[0] (version 1: capabilities 32
 * and above become 0) or data[0..1]. Bits above UK_CAP_LAST_CAP are
 * ignored. Linux's rules apply: the new permitted set must be a subset of
 * the old one, the new effective set a subset of the new permitted one,
 * and, unless UK_CAP_SETPCAP is effective, the new inheritable set a
 * subset of the old inheritable and permitted sets.
 * Returns 0; -EPERM when a rule is broken or hdr->pid is neither 0 nor
 * UK_CAPS_SELF_PID (nothing changes); -EINVAL with hdr->version =
 * UK_CAP_VERSION_3 for an unknown version; -EFAULT when hdr or data is
 * NULL.
 */
int uk_sys_capset(struct uk_cap_header *hdr, const struct uk_cap_data *data);

#ifdef __cplusplus
}
#endif

#endif /* UK_CAPS_H */
