/*
 * musl pthread stack overflow: musl maps a thread's stack PROT_NONE and
 * makes all but its lowest pages read-write with mprotect; core/syscall
 * turns the PROT_NONE pages into guard pages, so a thread recursing
 * without end must crash (report and crash status), never overwrite the
 * memory below its stack. main() returning (exit 1) means it did not.
 * The thread names itself with prctl: the crash report must name it.
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/prctl.h>

/* Never reached; keeps the compiler from proving endless recursion. */
static volatile int overflow_limit = 1 << 30;

static int __attribute__((noinline)) recurse(int depth)
{
	volatile char frame[256];

	frame[0] = (char)depth;
	if (depth == overflow_limit)
		return 0;
	return recurse(depth + 1) + frame[0];
}

static void *overflow(void *arg)
{
	(void)arg;
	if (prctl(PR_SET_NAME, "overflower"))
		printf("pthread_overflow: prctl failed\n");
	recurse(0);
	return NULL;
}

int main(void)
{
	pthread_t t;
	int rc;

	printf("pthread_overflow: starting a thread that overflows\n");
	fflush(stdout);
	rc = pthread_create(&t, NULL, overflow, NULL);
	if (rc) {
		printf("pthread_overflow: pthread_create: %d\n", rc);
		return 1;
	}
	pthread_join(t, NULL);
	printf("pthread_overflow: the overflow was not caught\n");
	return 1;
}
