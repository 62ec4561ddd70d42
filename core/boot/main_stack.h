/* Internal to core/boot: the stack main() runs on. */
#ifndef UK_BOOT_MAIN_STACK_H
#define UK_BOOT_MAIN_STACK_H

#include <stddef.h>

/*
 * Runs fn(arg), which must never return, on a fresh stack of
 * CONFIG_UK_MAIN_STACK_SIZE bytes (less if the heap is short) with a guard
 * page below. Call once, from the boot thread, after the heap exists.
 */
void uk_boot_run_on_main_stack(void (*fn)(void *arg), void *arg);

#endif /* UK_BOOT_MAIN_STACK_H */
