/* Init functions that libraries register to run before main(). */
#ifndef UK_INIT_H
#define UK_INIT_H

#include <uk/essentials.h>

/* Returns 0 or a negative errno; a failure stops the boot. */
typedef int (*uk_init_func_t)(void);

struct uk_inittab_entry {
	uk_init_func_t fn;
	const char *name;
};

/*
 * Init classes, run in this order; within a class, in link order.
 * EARLY: before any allocator; PLAT: drivers and CPUs; LIB: libraries
 * (allocator users); SYS: system services (network, sockets); LATE: last.
 */
#define UK_INIT_CLASS_EARLY 1
#define UK_INIT_CLASS_PLAT 2
#define UK_INIT_CLASS_LIB 3
#define UK_INIT_CLASS_SYS 4
#define UK_INIT_CLASS_LATE 5

/*
 * Registers fn into the inittab linker section of its class. The library
 * that does this must be alwayslink, or the linker drops the entry.
 */
#define UK_INIT_CLASS(fn, cls)                                                 \
	static const struct uk_inittab_entry __uk_inittab_##fn __used          \
		__section(".uk_inittab." UK_STRINGIFY(cls)) = { fn, #fn }

#define uk_early_initcall(fn) UK_INIT_CLASS(fn, UK_INIT_CLASS_EARLY)
#define uk_plat_initcall(fn) UK_INIT_CLASS(fn, UK_INIT_CLASS_PLAT)
#define uk_lib_initcall(fn) UK_INIT_CLASS(fn, UK_INIT_CLASS_LIB)
#define uk_sys_initcall(fn) UK_INIT_CLASS(fn, UK_INIT_CLASS_SYS)
#define uk_late_initcall(fn) UK_INIT_CLASS(fn, UK_INIT_CLASS_LATE)

#endif /* UK_INIT_H */
