/*
 * exit() on a secondary CPU: CPU 1 runs a function that calls exit(7)
 * while main() waits for it on the boot CPU. The machine must stop with
 * status 7 (issue 14: exit from any CPU ends the program with its
 * status); main() returning (status 1) means it did not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <uk/plat/lcpu.h>

static char cpu1_stack[16 * 1024] __attribute__((aligned(16)));

static void exit_fn(struct __regs *regs, void *arg)
{
	(void)regs;
	(void)arg;
	printf("exit_on_cpu: exit(7) on CPU %u\n", ukplat_lcpu_idx());
	exit(7);
}

int main(void)
{
	struct ukplat_lcpu_func f = { exit_fn, NULL };
	void *sp[] = { cpu1_stack + sizeof(cpu1_stack) };
	__lcpuidx one = 1;
	unsigned int num = 1;

	if (ukplat_lcpu_start(&one, &num, sp, NULL, 0) ||
	    ukplat_lcpu_wait(&one, &num, 0)) {
		printf("exit_on_cpu: cannot start CPU 1\n");
		return 1;
	}
	ukplat_lcpu_run(&one, &num, &f, 0);
	printf("exit_on_cpu: still running after CPU 1's exit\n");
	return 1;
}
