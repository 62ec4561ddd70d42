/* The stack main() runs on, for libraries that report it (RLIMIT_STACK). */
#ifndef UK_BOOT_STACK_H
#define UK_BOOT_STACK_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The usable bytes of main()'s stack (the main_stack_size setting, or
 * less if the heap was short), without its guard page; 0 before the boot
 * sequence switched to it or if main() runs on the boot stack.
 */
size_t uk_boot_main_stack_size(void);

/* Records size for uk_boot_main_stack_size(); called by the boot sequence. */
void uk_boot_main_stack_size_set(size_t size);

#ifdef __cplusplus
}
#endif

#endif /* UK_BOOT_STACK_H */
