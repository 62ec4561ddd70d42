/*
 * The ISN key's random bytes in the kernel: straight from the kernel's
 * getrandom handler. musl's getrandom() is not for kernel threads such as
 * lwIP's tcpip thread: once the application has started a pthread it goes
 * through the cancellation check, which reads the calling thread's musl
 * descriptor, and a kernel thread has none (a #GP in redis-server).
 */
#include <uk/syscall.h>

#include "third_party/lwip/port/tcp_isn.h"

long uk_lwip_getrandom(void *buf, size_t len)
{
	return uk_syscall6(UK_SYSCALL_NR_getrandom, (long)buf, (long)len, 0, 0,
			   0, 0);
}
