/*
 * nginx's objs/ngx_auto_config.h for Tessera: what auto/configure would
 * write for musl with the options in NGX_CONFIGURE, written by hand since
 * configure runs test programs on the build machine. Features configure
 * finds in glibc but not in musl or Tessera are left out:
 * NGX_HAVE_STRERRORDESC_NP (glibc 2.32), NGX_HAVE_LEVEL1_DCACHE_LINESIZE
 * (a glibc sysconf name; NGX_CPU_CACHE_LINE holds), NGX_HAVE_CAPABILITIES
 * (<linux/capability.h>, not in musl), NGX_HAVE_DLOPEN (no dynamic modules
 * in a static image), NGX_HAVE_MEMALIGN, NGX_HAVE_MAP_DEVZERO and
 * NGX_HAVE_SYSVSHM (see below).
 */

/* What `nginx -V` prints: the configure options these headers stand for. */
#ifndef NGX_CONFIGURE
#define NGX_CONFIGURE                                                          \
	" --prefix=/ --conf-path=/etc/nginx/nginx.conf"                        \
	" --error-log-path=stderr --with-threads --without-pcre"               \
	" (Tessera: static files, index, autoindex, ranges, thread pools)"
#endif

/* Fixed, not probed: the image must not depend on the build machine. */
#ifndef NGX_COMPILER
#define NGX_COMPILER "clang 19"
#endif

/* clang has the __sync builtins: nginx's atomics use them. */
#ifndef NGX_HAVE_GCC_ATOMIC
#define NGX_HAVE_GCC_ATOMIC 1
#endif
#ifndef NGX_HAVE_C99_VARIADIC_MACROS
#define NGX_HAVE_C99_VARIADIC_MACROS 1
#endif
#ifndef NGX_HAVE_GCC_VARIADIC_MACROS
#define NGX_HAVE_GCC_VARIADIC_MACROS 1
#endif
#ifndef NGX_HAVE_GCC_BSWAP64
#define NGX_HAVE_GCC_BSWAP64 1
#endif

/*
 * Events: epoll, with edge triggering (clear events), EPOLLRDHUP,
 * EPOLLEXCLUSIVE and eventfd, all in posix/event.
 */
#ifndef NGX_HAVE_EPOLL
#define NGX_HAVE_EPOLL 1
#endif
#ifndef NGX_HAVE_CLEAR_EVENT
#define NGX_HAVE_CLEAR_EVENT 1
#endif
#ifndef NGX_HAVE_EPOLLRDHUP
#define NGX_HAVE_EPOLLRDHUP 1
#endif
#ifndef NGX_HAVE_EPOLLEXCLUSIVE
#define NGX_HAVE_EPOLLEXCLUSIVE 1
#endif

/* eventfd wakes the event loop when a thread-pool task completes. */
#ifndef NGX_HAVE_EVENTFD
#define NGX_HAVE_EVENTFD 1
#endif
#ifndef NGX_HAVE_SYS_EVENTFD_H
#define NGX_HAVE_SYS_EVENTFD_H 1
#endif
#ifndef NGX_HAVE_O_PATH
#define NGX_HAVE_O_PATH 1
#endif

/* Linux sendfile() for `sendfile on;` (off by default). */
#ifndef NGX_HAVE_SENDFILE
#define NGX_HAVE_SENDFILE 1
#endif
#ifndef NGX_HAVE_SENDFILE64
#define NGX_HAVE_SENDFILE64 1
#endif

/*
 * prctl() is only called by worker processes, which an image
 * (master_process off) does not start.
 */
#ifndef NGX_HAVE_PR_SET_DUMPABLE
#define NGX_HAVE_PR_SET_DUMPABLE 1
#endif
#ifndef NGX_HAVE_PR_SET_KEEPCAPS
#define NGX_HAVE_PR_SET_KEEPCAPS 1
#endif

/* musl has crypt_r() with struct crypt_data, as glibc. */
#ifndef NGX_HAVE_GNU_CRYPT_R
#define NGX_HAVE_GNU_CRYPT_R 1
#endif

/*
 * Both of our CPUs (x86_64, arm64) have 64-byte cache lines.
 * NGX_HAVE_NONALIGNED (x86_64 only) is a define of BUILD.nginx.bazel.
 */
#ifndef NGX_CPU_CACHE_LINE
#define NGX_CPU_CACHE_LINE 64
#endif
#ifndef NGX_KQUEUE_UDATA_T
#define NGX_KQUEUE_UDATA_T (void *)
#endif
#ifndef NGX_HAVE_POSIX_FADVISE
#define NGX_HAVE_POSIX_FADVISE 1
#endif
#ifndef NGX_HAVE_O_DIRECT
#define NGX_HAVE_O_DIRECT 1
#endif
#ifndef NGX_HAVE_ALIGNED_DIRECTIO
#define NGX_HAVE_ALIGNED_DIRECTIO 1
#endif
#ifndef NGX_HAVE_STATFS
#define NGX_HAVE_STATFS 1
#endif
#ifndef NGX_HAVE_STATVFS
#define NGX_HAVE_STATVFS 1
#endif
#ifndef NGX_HAVE_SCHED_YIELD
#define NGX_HAVE_SCHED_YIELD 1
#endif
#ifndef NGX_HAVE_SCHED_SETAFFINITY
#define NGX_HAVE_SCHED_SETAFFINITY 1
#endif

/*
 * Socket options that musl's headers define; lwIP may refuse some
 * at run time (setsockopt's errno is then logged, not fatal).
 */
#ifndef NGX_HAVE_REUSEPORT
#define NGX_HAVE_REUSEPORT 1
#endif
#ifndef NGX_HAVE_TRANSPARENT_PROXY
#define NGX_HAVE_TRANSPARENT_PROXY 1
#endif
#ifndef NGX_HAVE_IP_BIND_ADDRESS_NO_PORT
#define NGX_HAVE_IP_BIND_ADDRESS_NO_PORT 1
#endif
#ifndef NGX_HAVE_IP_PKTINFO
#define NGX_HAVE_IP_PKTINFO 1
#endif
#ifndef NGX_HAVE_IPV6_RECVPKTINFO
#define NGX_HAVE_IPV6_RECVPKTINFO 1
#endif
#ifndef NGX_HAVE_DEFERRED_ACCEPT
#define NGX_HAVE_DEFERRED_ACCEPT 1
#endif
#ifndef NGX_HAVE_KEEPALIVE_TUNABLE
#define NGX_HAVE_KEEPALIVE_TUNABLE 1
#endif
#ifndef NGX_HAVE_TCP_FASTOPEN
#define NGX_HAVE_TCP_FASTOPEN 1
#endif
#ifndef NGX_HAVE_TCP_INFO
#define NGX_HAVE_TCP_INFO 1
#endif
#ifndef NGX_HAVE_ACCEPT4
#define NGX_HAVE_ACCEPT4 1
#endif
#ifndef NGX_HAVE_UNIX_DOMAIN
#define NGX_HAVE_UNIX_DOMAIN 1
#endif

/* LP64 on both architectures. */
#ifndef NGX_PTR_SIZE
#define NGX_PTR_SIZE 8
#endif
#ifndef NGX_SIG_ATOMIC_T_SIZE
#define NGX_SIG_ATOMIC_T_SIZE 4
#endif
#ifndef NGX_HAVE_LITTLE_ENDIAN
#define NGX_HAVE_LITTLE_ENDIAN 1
#endif
#ifndef NGX_MAX_SIZE_T_VALUE
#define NGX_MAX_SIZE_T_VALUE 9223372036854775807LL
#endif
#ifndef NGX_SIZE_T_LEN
#define NGX_SIZE_T_LEN (sizeof("-9223372036854775808") - 1)
#endif
#ifndef NGX_MAX_OFF_T_VALUE
#define NGX_MAX_OFF_T_VALUE 9223372036854775807LL
#endif
#ifndef NGX_OFF_T_LEN
#define NGX_OFF_T_LEN (sizeof("-9223372036854775808") - 1)
#endif
#ifndef NGX_TIME_T_SIZE
#define NGX_TIME_T_SIZE 8
#endif
#ifndef NGX_TIME_T_LEN
#define NGX_TIME_T_LEN (sizeof("-9223372036854775808") - 1)
#endif
#ifndef NGX_MAX_TIME_T_VALUE
#define NGX_MAX_TIME_T_VALUE 9223372036854775807LL
#endif

/* lwIP is built with IPv6. */
#ifndef NGX_HAVE_INET6
#define NGX_HAVE_INET6 1
#endif
#ifndef NGX_HAVE_PREAD
#define NGX_HAVE_PREAD 1
#endif
#ifndef NGX_HAVE_PWRITE
#define NGX_HAVE_PWRITE 1
#endif
#ifndef NGX_HAVE_PWRITEV
#define NGX_HAVE_PWRITEV 1
#endif
#ifndef NGX_HAVE_LOCALTIME_R
#define NGX_HAVE_LOCALTIME_R 1
#endif
#ifndef NGX_HAVE_CLOCK_MONOTONIC
#define NGX_HAVE_CLOCK_MONOTONIC 1
#endif

/*
 * posix_memalign comes from core/alloc/libc. No NGX_HAVE_MEMALIGN:
 * that is glibc's fallback and nginx prefers posix_memalign anyway.
 */
#ifndef NGX_HAVE_POSIX_MEMALIGN
#define NGX_HAVE_POSIX_MEMALIGN 1
#endif

/*
 * Shared memory zones are anonymous mmap; no NGX_HAVE_MAP_DEVZERO
 * or NGX_HAVE_SYSVSHM: Tessera has neither /dev/zero mappings nor
 * System V shared memory, and one process needs no sharing.
 */
#ifndef NGX_HAVE_MAP_ANON
#define NGX_HAVE_MAP_ANON 1
#endif
#ifndef NGX_HAVE_POSIX_SEM
#define NGX_HAVE_POSIX_SEM 1
#endif
#ifndef NGX_HAVE_MSGHDR_MSG_CONTROL
#define NGX_HAVE_MSGHDR_MSG_CONTROL 1
#endif
#ifndef NGX_HAVE_FIONBIO
#define NGX_HAVE_FIONBIO 1
#endif
#ifndef NGX_HAVE_FIONREAD
#define NGX_HAVE_FIONREAD 1
#endif
#ifndef NGX_HAVE_GMTOFF
#define NGX_HAVE_GMTOFF 1
#endif

/* autoindex reads d_type instead of a stat() per entry. */
#ifndef NGX_HAVE_D_TYPE
#define NGX_HAVE_D_TYPE 1
#endif
#ifndef NGX_HAVE_SC_NPROCESSORS_ONLN
#define NGX_HAVE_SC_NPROCESSORS_ONLN 1
#endif
#ifndef NGX_HAVE_OPENAT
#define NGX_HAVE_OPENAT 1
#endif
#ifndef NGX_HAVE_GETADDRINFO
#define NGX_HAVE_GETADDRINFO 1
#endif

/* The gzip filter on zlib (//third_party/zlib), as --with-zlib sets. */
#ifndef NGX_ZLIB
#define NGX_ZLIB 1
#endif
#ifndef NGX_HTTP_GZIP
#define NGX_HTTP_GZIP 1
#endif

/* Thread pools (`aio threads;`) on musl pthreads. */
#ifndef NGX_THREADS
#define NGX_THREADS 1
#endif

/* Paths in the image's rootfs. */
#ifndef NGX_PREFIX
#define NGX_PREFIX "/"
#endif
#ifndef NGX_CONF_PREFIX
#define NGX_CONF_PREFIX "/etc/nginx/"
#endif
#ifndef NGX_SBIN_PATH
#define NGX_SBIN_PATH "/nginx"
#endif
#ifndef NGX_CONF_PATH
#define NGX_CONF_PATH "/etc/nginx/nginx.conf"
#endif
#ifndef NGX_PID_PATH
#define NGX_PID_PATH "/run/nginx.pid"
#endif
#ifndef NGX_LOCK_PATH
#define NGX_LOCK_PATH "/run/nginx.lock"
#endif

/* Errors go to the console (stderr). */
#ifndef NGX_ERROR_LOG_PATH
#define NGX_ERROR_LOG_PATH ""
#endif
#ifndef NGX_ERROR_LOG_STDERR
#define NGX_ERROR_LOG_STDERR 1
#endif
#ifndef NGX_HTTP_LOG_PATH
#define NGX_HTTP_LOG_PATH "/dev/stdout"
#endif
#ifndef NGX_HTTP_CLIENT_TEMP_PATH
#define NGX_HTTP_CLIENT_TEMP_PATH "/tmp/client_body"
#endif
#ifndef NGX_HTTP_PROXY_TEMP_PATH
#define NGX_HTTP_PROXY_TEMP_PATH "/tmp/proxy"
#endif
#ifndef NGX_HTTP_FASTCGI_TEMP_PATH
#define NGX_HTTP_FASTCGI_TEMP_PATH "/tmp/fastcgi"
#endif
#ifndef NGX_HTTP_UWSGI_TEMP_PATH
#define NGX_HTTP_UWSGI_TEMP_PATH "/tmp/uwsgi"
#endif
#ifndef NGX_HTTP_SCGI_TEMP_PATH
#define NGX_HTTP_SCGI_TEMP_PATH "/tmp/scgi"
#endif
#ifndef NGX_SUPPRESS_WARN
#define NGX_SUPPRESS_WARN 1
#endif
#ifndef NGX_SMP
#define NGX_SMP 1
#endif

/*
 * The image's single user (posix/user), not configure's "nobody",
 * which getpwnam() would not find.
 */
#ifndef NGX_USER
#define NGX_USER "root"
#endif
#ifndef NGX_GROUP
#define NGX_GROUP "root"
#endif
