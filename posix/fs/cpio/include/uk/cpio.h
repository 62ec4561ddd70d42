/* Extraction of cpio "newc" archives (the root file system of an image). */
#ifndef UK_CPIO_H
#define UK_CPIO_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Why an archive was refused, for the boot log. */
struct uk_cpio_error {
	/* Offset of the entry's header in the archive. */
	size_t offset;
	/* What is wrong ("path leaves the root", "truncated data", ...). */
	const char *reason;
};

/*
 * Creates the directories, regular files and symbolic links of the cpio
 * newc archive [archive, archive + len) below directory dirfd, with the
 * archive's permission bits (owners and times are not taken). Every
 * header, size and name is checked against the archive's bounds before it
 * is used; absolute names are taken relative to dirfd, and a name with a
 * ".." component or a symbolic link among its directories is refused, so
 * nothing is written outside dirfd.
 * Returns 0 once the trailer entry is reached; -EINVAL for a malformed
 * archive, or the errno of a file that could not be created, with *err
 * saying where and why. Entries before the bad one stay created.
 */
int uk_cpio_extract(const void *archive, size_t len, int dirfd,
		    struct uk_cpio_error *err);

#ifdef __cplusplus
}
#endif

#endif /* UK_CPIO_H */
