/* The ISN key's random bytes in host tests: the host's getrandom(). */
#include <sys/random.h>

#include "third_party/lwip/port/tcp_isn.h"

long uk_lwip_getrandom(void *buf, size_t len)
{
	return getrandom(buf, len, 0);
}
