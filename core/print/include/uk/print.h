/* Kernel logging: uk_printk and the uk_pr_* levels on the platform console. */
#ifndef UK_PRINT_H
#define UK_PRINT_H

#include <stdarg.h>
#include <stddef.h>
#include <uk/essentials.h>

#define UK_PRINT_ERR 1
#define UK_PRINT_WARN 2
#define UK_PRINT_INFO 3
#define UK_PRINT_DEBUG 4

/* Compile-time threshold, set per image by the `log_level` build setting. */
#ifndef UK_LOG_LEVEL
#define UK_LOG_LEVEL UK_PRINT_INFO
#endif

/*
 * Formats like snprintf into buf (always NUL-terminated when size > 0).
 * Supports %d %i %u %x %X %o %p %s %c %% with l, ll, z, h, hh length
 * modifiers, '-', '0' and '#' flags, width and precision. No floating point:
 * kernel code never touches FP registers.
 * Returns the length the full output would have had.
 */
int uk_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int uk_snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* Prints to the console unconditionally. Returns the number of bytes. */
int uk_vprintk(const char *fmt, va_list ap);
int uk_printk(const char *fmt, ...) __printf(1, 2);

/* Prints with a level prefix if lvl <= UK_LOG_LEVEL. */
void _uk_printk_lvl(int lvl, const char *libname, const char *fmt, ...)
	__printf(3, 4);

#ifndef UK_LIBNAME
#define UK_LIBNAME "kernel"
#endif

#define uk_pr_lvl(lvl, fmt, ...)                                               \
	do {                                                                   \
		if ((lvl) <= UK_LOG_LEVEL)                                     \
			_uk_printk_lvl((lvl), UK_LIBNAME, fmt, ##__VA_ARGS__); \
	} while (0)

#define uk_pr_err(fmt, ...) uk_pr_lvl(UK_PRINT_ERR, fmt, ##__VA_ARGS__)
#define uk_pr_warn(fmt, ...) uk_pr_lvl(UK_PRINT_WARN, fmt, ##__VA_ARGS__)
#define uk_pr_info(fmt, ...) uk_pr_lvl(UK_PRINT_INFO, fmt, ##__VA_ARGS__)
#define uk_pr_debug(fmt, ...) uk_pr_lvl(UK_PRINT_DEBUG, fmt, ##__VA_ARGS__)

#endif /* UK_PRINT_H */
