/* x86_64 hardware random numbers: RDRAND. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <uk/plat/hwrng.h>
#include <x86/cpu.h>

/* Intel SDM vol. 2, CPUID leaf 1: ECX bit 30 is RDRAND. */
#define CPUID1_ECX_RDRAND (1u << 30)
/*
 * Intel's DRNG guide (section 5.2.1): RDRAND may fail transiently under
 * load; ten retries make a failure a sign of a broken unit.
 */
#define RDRAND_RETRIES 10

static bool hwrng_present(void)
{
	uint32_t eax, ebx, ecx, edx;

	x86_cpuid(1, 0, &eax, &ebx, &ecx, &edx);
	return ecx & CPUID1_ECX_RDRAND;
}

int ukplat_hwrng_u64(uint64_t *v)
{
	unsigned char ok;
	int i;

	if (!hwrng_present())
		return -ENODEV;
	for (i = 0; i < RDRAND_RETRIES; i++) {
		/* CF=1: a valid random value is in the register. */
		__asm__ __volatile__("rdrand %0; setc %1"
				     : "=r"(*v), "=qm"(ok)
				     :
				     : "cc");
		if (ok)
			return 0;
	}
	return -EIO;
}
