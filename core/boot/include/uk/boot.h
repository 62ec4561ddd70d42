/* The kernel command line, for libraries configured by boot options. */
#ifndef UK_BOOT_H
#define UK_BOOT_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The kernel command line as the boot loader passed it (multiboot
 * cmdline, device tree /chosen/bootargs), unparsed: "" if there was none.
 * Available from the first init function on (the heap may reuse the boot
 * loader's copy, so this is the kernel's own), valid forever, read-only.
 * main() gets the same words as argv.
 */
const char *uk_boot_cmdline(void);

/*
 * Keeps a copy of raw (truncated to 4095 bytes) for uk_boot_cmdline().
 * Called by the boot sequence before anything can reuse raw's memory.
 */
void uk_boot_cmdline_init(const char *raw);

/*
 * The lowest and the highest (exclusive) address of the memory regions
 * the heap was built from, which mmap'd memory and thread stacks also
 * come from (/proc/self/maps' [heap]); both 0 before the heap exists.
 * Implemented by the boot sequence (//core/boot).
 */
void uk_boot_heap_bounds(unsigned long *start, unsigned long *end);

#ifdef __cplusplus
}
#endif

#endif /* UK_BOOT_H */
