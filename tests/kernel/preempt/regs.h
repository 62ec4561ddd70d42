/* The architecture's register-checking loop for preempt_test.c. */
#ifndef PREEMPT_TEST_REGS_H
#define PREEMPT_TEST_REGS_H

/*
 * Loads values derived from seed (non-zero) into most general and all
 * vector registers and sets flags, then checks them rounds times in a
 * tight loop without calls. Returns 0, or 1 at the first mismatch.
 */
int preempt_regs_loop(unsigned long seed, unsigned long rounds);

#endif
