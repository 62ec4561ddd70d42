/* Resource limits of the process (getrlimit, setrlimit, prlimit64). */
#ifndef UK_RLIMIT_H
#define UK_RLIMIT_H

#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Linux's struct rlimit64 (and struct rlimit on 64-bit architectures). */
struct posix_rlimit {
	uint64_t cur; /* soft limit; UINT64_MAX is RLIM_INFINITY */
	uint64_t max; /* hard limit */
};

/* Stores the limits of resource (RLIMIT_*) in *out; -EINVAL if unknown. */
int posix_rlimit_get(int resource, struct posix_rlimit *out);

/*
 * Sets the limits of resource. -EINVAL for an unknown resource or
 * cur > max; -EPERM for an RLIMIT_NOFILE hard limit above the fd table.
 * Lowering RLIMIT_NOFILE's soft limit makes new fds at or above it fail
 * (posix/fdtab: -EMFILE).
 */
int posix_rlimit_set(int resource, const struct posix_rlimit *in);

/* The system calls, as Linux defines them (pid: 0 or the process). */
int uk_sys_prlimit64(pid_t pid, int resource,
		     const struct posix_rlimit *new_limit,
		     struct posix_rlimit *old_limit);
int uk_sys_getrlimit(int resource, struct posix_rlimit *rlim);
int uk_sys_setrlimit(int resource, const struct posix_rlimit *rlim);

#ifdef __cplusplus
}
#endif

#endif /* UK_RLIMIT_H */
