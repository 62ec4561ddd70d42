/*
 * exit() from a thread on a secondary CPU ends the program with its
 * status while the main thread waits on the boot CPU.
 */
#define _GNU_SOURCE /* sched_getcpu(), CPU_* */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

static void *exits(void *arg __attribute__((unused)))
{
	printf("exit_on_thread: exit(7) on CPU %d\n", sched_getcpu());
	exit(7);
}

int main(void)
{
	cpu_set_t set;
	pthread_t t;

	CPU_ZERO(&set);
	CPU_SET(1, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return 1;
	if (pthread_create(&t, NULL, exits, NULL))
		return 2;
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return 3;
	pthread_join(t, NULL);
	return 4;
}
