/* PSCI conduit selection and calls (SMC Calling Convention, hvc or smc). */
#include <uk/essentials.h>
#include <libfdt.h>
#include <arm64/psci.h>

static int psci_use_smc;

void arm64_psci_init(const void *fdt)
{
	const char *m;
	int len;

	/* QEMU uses smc when it emulates EL2 itself (virtualization=on). */
	if (!fdt)
		return;
	m = fdt_getprop(fdt, fdt_path_offset(fdt, "/psci"), "method", &len);
	if (m && len == 4 && m[0] == 's' && m[1] == 'm' && m[2] == 'c' &&
	    m[3] == '\0')
		psci_use_smc = 1;
}

int64_t arm64_psci_call(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	/* SMCCC v1.0 lets the callee clobber x4-x17. */
	if (psci_use_smc)
		__asm__ __volatile__("smc #0"
				     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				     :
				     : "x4", "x5", "x6", "x7", "x8", "x9",
				       "x10", "x11", "x12", "x13", "x14", "x15",
				       "x16", "x17", "memory");
	else
		__asm__ __volatile__("hvc #0"
				     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				     :
				     : "x4", "x5", "x6", "x7", "x8", "x9",
				       "x10", "x11", "x12", "x13", "x14", "x15",
				       "x16", "x17", "memory");
	return (int64_t)x0;
}
