/* Frame-pointer backtraces for crash reports, the same on every platform. */
#ifndef UK_PLAT_BACKTRACE_H
#define UK_PLAT_BACKTRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Frames printed at most by ukplat_backtrace_print(): deep enough for real
 * call chains, short enough for a 115200 baud console.
 */
#define UKPLAT_BACKTRACE_MAX 32

/*
 * Follows the frame-pointer chain from fp (each frame record: the caller's
 * frame pointer, then the return address) and stores up to max return
 * addresses in addrs. Stops at a NULL, misaligned, unreadable or
 * non-increasing frame pointer, or a zero return address; never faults.
 * Returns the number stored.
 */
unsigned int ukplat_backtrace(uintptr_t fp, uintptr_t *addrs, unsigned int max);

/*
 * Prints a backtrace on the console as the QEMU runner symbolizes it:
 * "#0" the instruction pc (where the fault is, or where the caller is),
 * then the call site of each return address found from fp. Never faults.
 */
void ukplat_backtrace_print(uintptr_t pc, uintptr_t fp);

/*
 * Per platform: true if the len bytes at va (len at most a page) can be
 * read without a fault, for the walker to test a frame record before it
 * reads it. Callable from a crash handler.
 */
bool ukplat_frame_readable(uintptr_t va, size_t len);

/*
 * Name of the thread that CPU cpu was running, for crash reports:
 * defined by the scheduler (core/sched), which knows which CPUs run
 * threads. NULL when that CPU runs no thread (code of the lcpu API) or
 * the image has no scheduler (the weak default in plat/common).
 * Callable from a crash handler: takes no lock.
 */
const char *ukplat_crash_thread_name(unsigned int cpu);

/*
 * Prints the crash report's line naming the thread of CPU cpu
 * ("CRASH: thread NAME"), or that the CPU ran no thread.
 */
void ukplat_crash_print_thread(unsigned int cpu);

#endif /* UK_PLAT_BACKTRACE_H */
