/* Crash report of an unhandled exception on the console, then power-off. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/plat/backtrace.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/trap.h>
#include <uk/print.h>
#include <arm64/boot.h>
#include <arm64/crash.h>
#include <arm64/lcpu.h>
#include <arm64/traps.h>

/* Arm ARM D17.2.37, ESR_EL1.EC. */
static const char *const ec_names[64] = {
	[0x00] = "Unknown reason (undefined instruction)",
	[0x01] = "WFI/WFE trapped",
	[0x07] = "FP/SIMD access trapped",
	[0x0e] = "Illegal execution state",
	[0x15] = "SVC (AArch64)",
	[0x16] = "HVC (AArch64)",
	[0x17] = "SMC (AArch64)",
	[0x18] = "MSR/MRS/system instruction trapped",
	[0x19] = "SVE access trapped",
	[0x20] = "Instruction Abort (lower EL)",
	[0x21] = "Instruction Abort (current EL)",
	[0x22] = "PC alignment fault",
	[0x24] = "Data Abort (lower EL)",
	[0x25] = "Data Abort (current EL)",
	[0x26] = "SP alignment fault",
	[0x2c] = "FP exception (AArch64)",
	[0x2f] = "SError",
	[0x30] = "Breakpoint (lower EL)",
	[0x31] = "Breakpoint (current EL)",
	[0x32] = "Software Step (lower EL)",
	[0x33] = "Software Step (current EL)",
	[0x34] = "Watchpoint (lower EL)",
	[0x35] = "Watchpoint (current EL)",
	[0x3c] = "BRK instruction (AArch64)",
};

/* RAM that a frame record may lie in, besides the kernel image. */
static uintptr_t crash_ram_lo, crash_ram_hi;

/* 0 = nobody is crashing, else 1 + index of the CPU printing its report. */
static int crash_owner;

const char *arm64_esr_class_name(unsigned long ec)
{
	const char *n = ec < UK_ARRAY_SIZE(ec_names) ? ec_names[ec] : NULL;

	return n ? n : "Reserved exception class";
}

void arm64_crash_set_ram(uintptr_t lo, uintptr_t hi)
{
	crash_ram_lo = lo;
	crash_ram_hi = hi;
}

/* Without a fault: the kernel image, and RAM once plat_init.c set it. */
bool ukplat_frame_readable(uintptr_t va, size_t len)
{
	uintptr_t end = va + len;

	if (end < va)
		return false;
	if (va >= (uintptr_t)_text && end <= (uintptr_t)_end)
		return true;
	return crash_ram_hi && va >= crash_ram_lo && end <= crash_ram_hi;
}

static const char *fault_status(unsigned long fsc)
{
	switch (fsc & 0x3c) {
	case 0x00:
		return "address size fault";
	case 0x04:
		return "translation fault";
	case 0x08:
		return "access flag fault";
	case 0x0c:
		return "permission fault";
	}
	switch (fsc) {
	case 0x10:
		return "synchronous external abort";
	case 0x21:
		return "alignment fault";
	case 0x30:
		return "TLB conflict abort";
	}
	return "other fault";
}

static void print_abort(unsigned long ec, unsigned long iss, unsigned long far)
{
	unsigned long fsc = iss & ESR_ISS_FSC_MASK;
	int is_data = ec == ESR_EC_DABT_CUR || ec == ESR_EC_DABT_LOW;

	uk_printk("%s %s",
		  is_data ? (iss & ESR_ISS_WNR ? "write:" : "read:") : "fetch:",
		  fault_status(fsc));
	if (fsc < 0x10)
		uk_printk(" at level %lu", fsc & 3);
	if (iss & ESR_ISS_FNV)
		uk_printk(", FAR not valid\n");
	else
		uk_printk(" for address 0x%016lx\n", far);
}

void arm64_crash(const char *what, const struct __regs *regs, int status)
{
	struct arm64_lcpu *self = arm64_lcpu_self();
	unsigned long ec = (regs->esr >> ESR_EC_SHIFT) & ESR_EC_MASK;
	int me = (int)self->idx + 1, owner = 0;
	unsigned int i;

	__asm__ __volatile__("msr daifset, #0xf" ::: "memory");
	if (self->crashing) {
		/* Faulted while printing a report: keep it short. */
		uk_printk("\nCRASH: CPU %u: %s inside the crash report "
			  "(ELR 0x%lx FAR 0x%lx)\n",
			  self->idx, what, regs->elr, regs->far);
		ukplat_terminate(UKPLAT_TRAP_CRASH_NESTED_STATUS);
	}
	self->crashing = 1;
	/* One report at a time; the first CPU's ends the machine. */
	if (!__atomic_compare_exchange_n(&crash_owner, &owner, me, 0,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		for (;;)
			__asm__ __volatile__("wfi");

	uk_printk("\nCRASH: CPU %u: %s (ESR 0x%08lx, FAR 0x%016lx, "
		  "ELR 0x%016lx)\n",
		  self->idx, what, regs->esr, regs->far, regs->elr);
	ukplat_crash_print_thread(self->idx);
	for (i = 0; i < 31; i++)
		uk_printk("%sx%-2u 0x%016lx%s", i % 4 ? "  " : " ", i,
			  regs->x[i], i % 4 == 3 || i == 30 ? "\n" : "");
	uk_printk(" sp  0x%016lx  elr  0x%016lx  spsr 0x%08lx\n", regs->sp,
		  regs->elr, regs->spsr);
	uk_printk(" esr 0x%08lx (EC 0x%02lx: %s, ISS 0x%07lx)\n"
		  " far 0x%016lx\n",
		  regs->esr, ec, arm64_esr_class_name(ec),
		  regs->esr & ESR_ISS_MASK, regs->far);
	if (ec == ESR_EC_DABT_CUR || ec == ESR_EC_DABT_LOW ||
	    ec == ESR_EC_IABT_CUR || ec == ESR_EC_IABT_LOW)
		print_abort(ec, regs->esr & ESR_ISS_MASK, regs->far);
	ukplat_backtrace_print(regs->elr, regs->x[29]);
	uk_printk("Powering off, exit status %d\n", status);
	ukplat_terminate(status);
}
