/* main() of in-kernel test images: run all cases, exit 1 on any failure. */
#include <uk/preempt.h>
#include <uk/test.h>

int main(int argc __unused, char *argv[] __unused)
{
	/* The cases call kernel functions directly: kernel code. */
	uk_preempt_disable();
	return uk_test_run_all() ? 1 : 0;
}
