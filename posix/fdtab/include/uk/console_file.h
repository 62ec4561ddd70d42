/* The console's open file, for /dev/console and /dev/tty (posix/fs/devfs). */
#ifndef UK_CONSOLE_FILE_H
#define UK_CONSOLE_FILE_H

#include <uk/file.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The open file behind stdin, stdout and stderr at boot, with a new
 * reference (drop it with uk_file_release).
 */
struct uk_file *uk_console_file(void);

#ifdef __cplusplus
}
#endif

#endif /* UK_CONSOLE_FILE_H */
