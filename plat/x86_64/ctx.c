/* x86_64 thread contexts: initial frames and the FS-base thread pointer. */
#include <stdint.h>
#include <uk/plat/thread.h>
#include <x86/cpu.h>

#define X86_MXCSR_DEFAULT 0x1f80 /* all exceptions masked, round nearest */
#define X86_FPUCW_DEFAULT 0x037f

void x86_ctx_start(void);

/* Mirrors the pushes of ukplat_ctx_switch, lowest address first. */
struct x86_ctx_frame {
	uint32_t mxcsr;
	uint16_t fpucw;
	uint16_t pad;
	unsigned long r15, r14, r13, r12, rbx, rbp;
	unsigned long rip;
};

void ukplat_ctx_init(struct ukplat_ctx *ctx, void *stack, size_t size,
		     void (*entry)(void *arg), void *arg)
{
	uintptr_t top = UK_ALIGN_DOWN((uintptr_t)stack + size, 16);
	/* After the final ret, rsp == top: 16-byte aligned for the call. */
	struct x86_ctx_frame *f = (struct x86_ctx_frame *)top - 1;

	*f = (struct x86_ctx_frame){
		.mxcsr = X86_MXCSR_DEFAULT,
		.fpucw = X86_FPUCW_DEFAULT,
		.r12 = (unsigned long)entry,
		.r13 = (unsigned long)arg,
		.rip = (unsigned long)x86_ctx_start,
	};
	ctx->sp = (unsigned long)f;
}

void ukplat_tlsp_set(unsigned long tp)
{
	x86_wrmsr(X86_MSR_FS_BASE, tp);
}

unsigned long ukplat_tlsp_get(void)
{
	return x86_rdmsr(X86_MSR_FS_BASE);
}
