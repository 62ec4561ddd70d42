/* Boot-internal: starting the C library and main(). */
#ifndef UK_BOOT_LIBC_START_H
#define UK_BOOT_LIBC_START_H

#include <uk/essentials.h>

#define UK_BOOT_MAXARGS 63

/* Calls musl's __libc_start_main with argv; never returns. */
void uk_boot_libc_start(int (*main)(int, char **, char **), int argc,
			char *argv[]) __noreturn;

#endif /* UK_BOOT_LIBC_START_H */
