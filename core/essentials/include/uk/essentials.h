/* Compiler helpers and basic types shared by every Tessera library. */
#ifndef UK_ESSENTIALS_H
#define UK_ESSENTIALS_H

#include <stddef.h>
#include <stdint.h>

#ifndef __unused
#define __unused __attribute__((unused))
#endif
#ifndef __used
#define __used __attribute__((used))
#endif
#ifndef __noreturn
#define __noreturn __attribute__((noreturn))
#endif
#ifndef __packed
#define __packed __attribute__((packed))
#endif
#ifndef __aligned
#define __aligned(x) __attribute__((aligned(x)))
#endif
#ifndef __section
#define __section(s) __attribute__((section(s)))
#endif
#ifndef __weak
#define __weak __attribute__((weak))
#endif
#ifndef __printf
#define __printf(fmt, args) __attribute__((format(printf, fmt, args)))
#endif
#ifndef __must_check
#define __must_check __attribute__((warn_unused_result))
#endif
#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif

#define __PAGE_SHIFT 12
#define __PAGE_SIZE (1UL << __PAGE_SHIFT)
#define __PAGE_MASK (~(__PAGE_SIZE - 1))

#define UK_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define UK_ALIGN_UP(v, a) (((v) + (a) - 1) & ~((__typeof__(v))(a) - 1))
#define UK_ALIGN_DOWN(v, a) ((v) & ~((__typeof__(v))(a) - 1))
#define UK_MIN(a, b) ((a) < (b) ? (a) : (b))
#define UK_MAX(a, b) ((a) > (b) ? (a) : (b))
#define UK_STRINGIFY_(x) #x
#define UK_STRINGIFY(x) UK_STRINGIFY_(x)

#define uk_container_of(ptr, type, member)                                     \
	((type *)((char *)(ptr) - offsetof(type, member)))

/* Index of a logical CPU (0 is the boot CPU) and its hardware id. */
typedef unsigned int __lcpuidx;
typedef long __lcpuid;

/* Nanoseconds: points on the monotonic clock and durations. */
typedef uint64_t __nsec;
typedef int64_t __snsec;
#define UK_NSEC_PER_SEC 1000000000ULL

/* Pointers that carry a negative errno (Unikraft's ERR2PTR scheme). */
#define UK_ERR2PTR(err) ((void *)(intptr_t)(err))
#define UK_PTR2ERR(ptr) ((int)(intptr_t)(ptr))
#define UK_PTRISERR(ptr) ((uintptr_t)(ptr) >= (uintptr_t)-4095)

#endif /* UK_ESSENTIALS_H */
