/*
 * nginx's objs/ngx_auto_headers.h for Tessera: the system headers that
 * auto/configure finds, as it finds them in musl. NGX_LINUX selects
 * nginx's Linux OS layer (src/os/unix/ngx_linux*): Tessera implements the
 * Linux system-call interface under musl.
 */
#ifndef NGX_HAVE_UNISTD_H
#define NGX_HAVE_UNISTD_H 1
#endif
#ifndef NGX_HAVE_INTTYPES_H
#define NGX_HAVE_INTTYPES_H 1
#endif
#ifndef NGX_HAVE_LIMITS_H
#define NGX_HAVE_LIMITS_H 1
#endif
#ifndef NGX_HAVE_SYS_PARAM_H
#define NGX_HAVE_SYS_PARAM_H 1
#endif
#ifndef NGX_HAVE_SYS_MOUNT_H
#define NGX_HAVE_SYS_MOUNT_H 1
#endif
#ifndef NGX_HAVE_SYS_STATVFS_H
#define NGX_HAVE_SYS_STATVFS_H 1
#endif
#ifndef NGX_HAVE_CRYPT_H
#define NGX_HAVE_CRYPT_H 1
#endif
#ifndef NGX_LINUX
#define NGX_LINUX 1
#endif
#ifndef NGX_HAVE_SYS_PRCTL_H
#define NGX_HAVE_SYS_PRCTL_H 1
#endif
#ifndef NGX_HAVE_SYS_VFS_H
#define NGX_HAVE_SYS_VFS_H 1
#endif
