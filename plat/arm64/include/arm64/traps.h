/* Register frame that the exception vectors save, shared with vectors.S. */
#ifndef ARM64_TRAPS_H
#define ARM64_TRAPS_H

/* Byte offsets into the frame, for vectors.S. */
#define TRAP_FRAME_ELR 248
#define TRAP_FRAME_SPSR 256
#define TRAP_FRAME_ESR 264
#define TRAP_FRAME_FAR 272
#define TRAP_FRAME_SIZE 288 /* keeps SP 16-byte aligned */

/* Vector slots in VBAR_EL1 order: 4 kinds in each of 4 origins. */
#define TRAP_SYNC 0
#define TRAP_IRQ 1
#define TRAP_FIQ 2
#define TRAP_SERROR 3
#define TRAP_ORIGIN_EL1T 0  /* current EL with SP_EL0 */
#define TRAP_ORIGIN_EL1H 4  /* current EL with SP_EL1 */
#define TRAP_ORIGIN_EL0_64 8
#define TRAP_ORIGIN_EL0_32 12

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <stddef.h>

struct arm64_trap_frame {
	uint64_t x[31]; /* x0..x30 at the exception */
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
	uint64_t pad;
};

_Static_assert(offsetof(struct arm64_trap_frame, elr) == TRAP_FRAME_ELR,
	       "frame layout");
_Static_assert(offsetof(struct arm64_trap_frame, far) == TRAP_FRAME_FAR,
	       "frame layout");
_Static_assert(sizeof(struct arm64_trap_frame) == TRAP_FRAME_SIZE,
	       "frame layout");

/*
 * Called by vectors.S for every exception with the saved frame; slot is
 * the vector index (TRAP_ORIGIN_* + TRAP_*). Returning resumes at
 * frame->elr with the frame's registers.
 */
void arm64_trap_handler(unsigned long slot, struct arm64_trap_frame *frame);

/* The vector table (vectors.S), 2 KiB aligned, for VBAR_EL1. */
extern char arm64_vectors[];

#endif /* !__ASSEMBLER__ */
#endif /* ARM64_TRAPS_H */
