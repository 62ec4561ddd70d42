/*
 * SQLite's build configuration for Tessera: what `./configure` would write
 * into sqlite_cfg.h for musl. Included by sqlite3.c because
 * //third_party/sqlite:config defines _HAVE_SQLITE_CONFIG_H; the SQLITE_*
 * options, which every user of the library must see alike, are that
 * target's defines.
 */
#ifndef TESSERA_SQLITE_CFG_H
#define TESSERA_SQLITE_CFG_H

/* musl has these headers and functions (configure's checks). */
#define HAVE_STDINT_H 1
#define HAVE_INTTYPES_H 1
#define HAVE_FDATASYNC 1
#define HAVE_GMTIME_R 1
#define HAVE_LOCALTIME_R 1
#define HAVE_ISNAN 1
#define HAVE_STRCHRNUL 1
#define HAVE_USLEEP 1
#define HAVE_UTIME 1
/* pread/pwrite instead of lseek + read/write: one syscall per page. */
#define USE_PREAD 1
/*
 * No HAVE_MALLOC_USABLE_SIZE: core/alloc/libc replaces musl's malloc and
 * has no malloc_usable_size, so SQLite keeps its own 8-byte size header.
 */

#endif /* TESSERA_SQLITE_CFG_H */
