/* arm64 exceptions: vector slots, dispatch, crash reports and exit codes. */
#ifndef ARM64_TRAPS_H
#define ARM64_TRAPS_H

#include <uk/asm/regs.h>
#include <arm64/sysreg.h>

/* Vector slots in VBAR_EL1 order: 4 kinds in each of 4 origins. */
#define TRAP_SYNC 0
#define TRAP_IRQ 1
#define TRAP_FIQ 2
#define TRAP_SERROR 3
#define TRAP_ORIGIN_EL1T 0 /* current EL with SP_EL0 (kernel code) */
#define TRAP_ORIGIN_EL1H 4 /* current EL with SP_EL1 (exception code) */
#define TRAP_ORIGIN_EL0_64 8
#define TRAP_ORIGIN_EL0_32 12

/* SPSR_EL1.M[0]: the interrupted code used SP_ELx (1) or SP_EL0 (0). */
#define SPSR_M_SPX 0x1

/*
 * ukplat_trap_register() vectors on arm64: the exception class of
 * ESR_EL1 (ESR_EC_*), 0..63; handlers get ESR_EL1 as error_code.
 */
#define ARM64_TRAP_VECTORS 64

/*
 * Exit status after an unhandled exception on arm64 (semihosting passes
 * any 0..255 to the host, so there is room above the x86_64 range):
 * 128 + ESR_EL1.EC for a synchronous exception or SError (e.g. 165 for a
 * data abort at EL1, 161 for an instruction abort at EL1, 188 for a BRK,
 * 175 for an SError), UKPLAT_TRAP_CRASH_STATUS(32) = 96 for an FIQ or an
 * exception from EL0, UKPLAT_TRAP_CRASH_NESTED_STATUS = 97 for a fault
 * inside the crash report.
 */
#define ARM64_CRASH_STATUS_EC(ec) (128 + (int)((ec) & 0x3f))

/* More ESR_EL1 fields (Arm ARM D17.2.37), beside sysreg.h's. */
#define ESR_EC_MASK 0x3f
#define ESR_ISS_MASK 0x1ffffff
#define ESR_EC_IABT_CUR 0x21
#define ESR_EC_DABT_LOW 0x24
#define ESR_EC_DABT_CUR 0x25
#define ESR_EC_IABT_LOW 0x20
#define ESR_EC_SERROR 0x2f
#define ESR_EC_BRK 0x3c
#define ESR_ISS_WNR (1UL << 6) /* data abort: caused by a write */
#define ESR_ISS_FNV (1UL << 10) /* aborts: FAR_EL1 is not valid */
#define ESR_ISS_FSC_MASK 0x3f

#ifndef __ASSEMBLER__
#include <stdint.h>

/*
 * Called by vectors.S for every exception with the saved frame; slot is
 * the vector index (TRAP_ORIGIN_* + TRAP_*). Returning resumes at
 * regs->elr with the frame's registers.
 */
void arm64_trap_handler(unsigned long slot, struct __regs *regs);

/*
 * Prints the crash report (first line "CRASH: CPU <idx>: <what>", then
 * the registers, ESR/FAR decoding and a frame-pointer backtrace) on the
 * console and powers off with status. Safe on any CPU with IRQs masked;
 * a second CPU crashing meanwhile waits for the first report.
 */
void arm64_crash(const char *what, const struct __regs *regs, int status)
	__attribute__((noreturn));

/* Name of an ESR_EL1 exception class ("Data Abort (current EL)"). */
const char *arm64_esr_class_name(unsigned long ec);

/* The vector table (vectors.S), 2 KiB aligned, for VBAR_EL1. */
extern char arm64_vectors[];

#endif /* !__ASSEMBLER__ */
#endif /* ARM64_TRAPS_H */
