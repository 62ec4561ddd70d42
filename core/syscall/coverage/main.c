/*
 * The coverage image's program: nothing to run. The image exists so that
 * its .uk_syscalls section lists every handler the POSIX libraries
 * register.
 */
int main(void)
{
	return 0;
}
