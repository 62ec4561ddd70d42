/* Crash report of an unhandled trap on the console, then power-off. */
#include <stdbool.h>
#include <stdint.h>
#include <uk/asm/regs.h>
#include <uk/essentials.h>
#include <uk/plat/backtrace.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/trap.h>
#include <uk/print.h>
#include <x86/cpu.h>
#include <x86/percpu.h>
#include <x86/traps.h>

static const char *const trap_names[X86_TRAP_EXCEPTIONS] = {
	[X86_TRAP_DE] = "#DE divide error",
	[X86_TRAP_DB] = "#DB debug",
	[X86_TRAP_NMI] = "NMI non-maskable interrupt",
	[X86_TRAP_BP] = "#BP breakpoint",
	[X86_TRAP_OF] = "#OF overflow",
	[X86_TRAP_BR] = "#BR bound range exceeded",
	[X86_TRAP_UD] = "#UD invalid opcode",
	[X86_TRAP_NM] = "#NM device not available",
	[X86_TRAP_DF] = "#DF double fault",
	[9] = "coprocessor segment overrun",
	[X86_TRAP_TS] = "#TS invalid TSS",
	[X86_TRAP_NP] = "#NP segment not present",
	[X86_TRAP_SS] = "#SS stack-segment fault",
	[X86_TRAP_GP] = "#GP general protection",
	[X86_TRAP_PF] = "#PF page fault",
	[X86_TRAP_MF] = "#MF x87 floating-point error",
	[X86_TRAP_AC] = "#AC alignment check",
	[X86_TRAP_MC] = "#MC machine check",
	[X86_TRAP_XM] = "#XM SIMD floating-point",
	[X86_TRAP_VE] = "#VE virtualization exception",
	[X86_TRAP_CP] = "#CP control protection",
	[X86_TRAP_HV] = "#HV hypervisor injection",
	[X86_TRAP_VC] = "#VC VMM communication",
	[X86_TRAP_SX] = "#SX security exception",
};

/* 0 = nobody is crashing, else 1 + index of the CPU printing its report. */
static int crash_owner;

const char *x86_trap_name(unsigned long vector)
{
	if (vector >= X86_TRAP_EXCEPTIONS)
		return "interrupt";
	return trap_names[vector] ? trap_names[vector] : "reserved";
}

/* Which stack the crash handler runs on: names the IST slot, if any. */
static void crash_print_stack(const struct x86_cpu *cpu)
{
	static const char *const ist_names[] = {
		[X86_IST_IRQ] = "IST1 (IRQ)",
		[X86_IST_DF] = "IST2 (double fault)",
		[X86_IST_CRIT] = "IST3 (NMI/machine check)",
	};
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
	uintptr_t lo, hi;
	unsigned int ist;

	for (ist = X86_IST_IRQ; ist <= X86_IST_USED; ist++) {
		if (x86_ist_bounds(cpu, ist, &lo, &hi) && sp >= lo && sp < hi) {
			uk_printk("CRASH: handler on the %s stack\n",
				  ist_names[ist]);
			return;
		}
	}
	uk_printk("CRASH: handler on the interrupted stack\n");
}

static void crash_print_regs(const struct __regs *r)
{
	uk_printk(" rax=0x%016lx rbx=0x%016lx rcx=0x%016lx\n"
		  " rdx=0x%016lx rsi=0x%016lx rdi=0x%016lx\n"
		  " rbp=0x%016lx rsp=0x%016lx r8 =0x%016lx\n"
		  " r9 =0x%016lx r10=0x%016lx r11=0x%016lx\n"
		  " r12=0x%016lx r13=0x%016lx r14=0x%016lx\n"
		  " r15=0x%016lx\n",
		  r->rax, r->rbx, r->rcx, r->rdx, r->rsi, r->rdi, r->rbp,
		  r->rsp, r->r8, r->r9, r->r10, r->r11, r->r12, r->r13, r->r14,
		  r->r15);
	uk_printk(" rip=0x%016lx rflags=0x%016lx cs=0x%04lx ss=0x%04lx\n",
		  r->rip, r->rflags, r->cs & 0xffff, r->ss & 0xffff);
}

/* What the #PF error code says (SDM Vol. 3A 4.7), with the address. */
static void crash_print_pf(unsigned long err)
{
	const char *what;

	if (err & X86_PF_ERR_I)
		what = err & X86_PF_ERR_P ?
			       "instruction fetch from a no-execute page" :
			       "instruction fetch from an unmapped page";
	else if (err & X86_PF_ERR_W)
		what = err & X86_PF_ERR_P ? "write to a read-only page" :
					    "write to an unmapped page";
	else
		what = err & X86_PF_ERR_P ? "read denied" :
					    "read from an unmapped page";
	uk_printk("CRASH: #PF: %s at 0x%016lx\n", what, x86_read_cr2());
}

void x86_crash(const struct __regs *r)
{
	struct x86_cpu *cpu = x86_cpu_current();
	int me = cpu ? (int)cpu->idx + 1 : -1;
	int expected = 0;
	int status = UKPLAT_TRAP_CRASH_STATUS(r->vector);

	/* A fault while this CPU prints its report: stop before it loops. */
	if (cpu && cpu->crashing) {
		uk_printk("\nCRASH: vector %lu (%s) at rip=0x%016lx inside the "
			  "crash handler\n",
			  r->vector, x86_trap_name(r->vector), r->rip);
		ukplat_terminate(UKPLAT_TRAP_CRASH_NESTED_STATUS);
	}
	if (cpu)
		cpu->crashing = 1;
	/* One report at a time: the first CPU's report powers the VM off. */
	if (!__atomic_compare_exchange_n(&crash_owner, &expected, me, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		x86_halt_forever();

	if (cpu)
		uk_printk("\nCRASH: cpu %u", cpu->idx);
	else
		uk_printk("\nCRASH: cpu ?");
	uk_printk(" vector %lu (%s) error 0x%lx", r->vector,
		  x86_trap_name(r->vector), r->error_code);
	if (r->vector == X86_TRAP_PF || r->vector == X86_TRAP_DF)
		uk_printk(" cr2=0x%016lx", x86_read_cr2());
	uk_printk("\n");
	if (r->vector == X86_TRAP_PF)
		crash_print_pf(r->error_code);
	if (cpu) {
		ukplat_crash_print_thread(cpu->idx);
		crash_print_stack(cpu);
	}
	crash_print_regs(r);
	ukplat_backtrace_print(r->rip, r->rbp);
	uk_printk("CRASH: powering off with status %d\n", status);
	ukplat_terminate(status);
}
