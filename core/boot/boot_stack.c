/* The size of main()'s stack (see <uk/boot_stack.h>). */
#include <uk/boot_stack.h>

static size_t boot_main_stack_size;

size_t uk_boot_main_stack_size(void)
{
	return boot_main_stack_size;
}

void uk_boot_main_stack_size_set(size_t size)
{
	boot_main_stack_size = size;
}
