/* arm64 thread contexts: initial frames and the TPIDR_EL0 thread pointer. */
#include <stdint.h>
#include <uk/plat/thread.h>

void arm64_ctx_start(void);

/* Mirrors the frame of ukplat_ctx_switch, lowest address first. */
struct arm64_ctx_frame {
	unsigned long x19_x28[10];
	unsigned long x29, x30;
	unsigned long d8_d15[8];
	unsigned long fpcr;
	unsigned long pad;
};

void ukplat_ctx_init(struct ukplat_ctx *ctx, void *stack, size_t size,
		     void (*entry)(void *arg), void *arg)
{
	uintptr_t top = UK_ALIGN_DOWN((uintptr_t)stack + size, 16);
	struct arm64_ctx_frame *f = (struct arm64_ctx_frame *)top - 1;

	*f = (struct arm64_ctx_frame){
		.x19_x28 = { (unsigned long)entry, (unsigned long)arg },
		.x30 = (unsigned long)arm64_ctx_start,
	};
	ctx->sp = (unsigned long)f;
}

void ukplat_tlsp_set(unsigned long tp)
{
	__asm__ __volatile__("msr tpidr_el0, %0" : : "r"(tp));
}

unsigned long ukplat_tlsp_get(void)
{
	unsigned long tp;

	__asm__ __volatile__("mrs %0, tpidr_el0" : "=r"(tp));
	return tp;
}
