/* main() of in-kernel test images: run all cases, exit 1 on any failure. */
#include <uk/test.h>

int main(int argc __unused, char *argv[] __unused)
{
	return uk_test_run_all() ? 1 : 0;
}
