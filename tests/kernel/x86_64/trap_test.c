/* In-kernel tests of x86_64 traps: IST layout, handlers, nesting, IRQs. */
#include <errno.h>
#include <stdint.h>
#include <uk/asm/io.h>
#include <uk/asm/regs.h>
#include <uk/plat/backtrace.h>
#include <uk/plat/trap.h>
#include <uk/test.h>
#include <x86/cpu.h>
#include <x86/desc.h>
#include <x86/irq.h>
#include <x86/paging.h>
#include <x86/percpu.h>
#include <x86/pic8259.h>
#include <x86/traps.h>

/* An IDT vector no platform code uses. */
#define TEST_VECTOR 200

static int dummy_handler(struct __regs *regs __unused,
			 unsigned long error_code __unused, void *arg __unused)
{
	return 0;
}

static uintptr_t current_sp(void)
{
	return (uintptr_t)__builtin_frame_address(0);
}

TESTCASE(x86_traps, ist_layout)
{
	struct x86_cpu *cpu = x86_cpu_current();
	struct x86_desc_ptr idtr;
	const struct x86_idt_gate *idt;
	uintptr_t lo, hi, lo2, hi2;

	EXPECT_TRUE(cpu == &x86_cpus[0]);
	EXPECT_EQ(x86_str(), X86_GDT_TSS);
	x86_sidt(&idtr);
	EXPECT_EQ(idtr.limit, 256 * sizeof(struct x86_idt_gate) - 1);
	idt = (const struct x86_idt_gate *)idtr.base;
	/* Regular traps nest on the current stack: no IST. */
	EXPECT_EQ(idt[X86_TRAP_DE].ist, X86_IST_NONE);
	EXPECT_EQ(idt[X86_TRAP_BP].ist, X86_IST_NONE);
	EXPECT_EQ(idt[X86_TRAP_UD].ist, X86_IST_NONE);
	EXPECT_EQ(idt[X86_TRAP_GP].ist, X86_IST_NONE);
	EXPECT_EQ(idt[X86_TRAP_PF].ist, X86_IST_NONE);
	EXPECT_EQ(idt[X86_TRAP_DF].ist, X86_IST_DF);
	EXPECT_EQ(idt[X86_TRAP_NMI].ist, X86_IST_CRIT);
	EXPECT_EQ(idt[X86_TRAP_MC].ist, X86_IST_CRIT);
	EXPECT_EQ(idt[32].ist, X86_IST_IRQ);
	EXPECT_EQ(idt[255].ist, X86_IST_IRQ);
	/* The TSS points at the top of this CPU's distinct IST stacks. */
	if (!cpu)
		return;
	EXPECT_TRUE(x86_ist_bounds(cpu, X86_IST_IRQ, &lo, &hi));
	EXPECT_EQ(cpu->tss.ist[X86_IST_IRQ - 1], hi);
	EXPECT_EQ(hi - lo, CONFIG_X86_IRQ_STACK_SIZE);
	EXPECT_TRUE(x86_ist_bounds(cpu, X86_IST_DF, &lo2, &hi2));
	EXPECT_EQ(cpu->tss.ist[X86_IST_DF - 1], hi2);
	EXPECT_TRUE(hi2 <= lo || lo2 >= hi);
	EXPECT_EQ(cpu->tss.ist[X86_IST_CRIT - 1] % 16, 0);
	EXPECT_NE(cpu->tss.ist[X86_IST_CRIT - 1], 0);
}

TESTCASE(x86_traps, register_errors)
{
	int dummies[UKPLAT_TRAP_HANDLERS_MAX + 1];
	int i;

	EXPECT_EQ(
		ukplat_trap_register(UKPLAT_TRAP_VECTORS, dummy_handler, NULL),
		-EINVAL);
	EXPECT_EQ(ukplat_trap_register(TEST_VECTOR, NULL, NULL), -EINVAL);
	EXPECT_EQ(ukplat_trap_unregister(TEST_VECTOR, dummy_handler, NULL),
		  -ENOENT);
	for (i = 0; i < UKPLAT_TRAP_HANDLERS_MAX; i++)
		EXPECT_EQ(ukplat_trap_register(TEST_VECTOR, dummy_handler,
					       &dummies[i]),
			  0);
	EXPECT_EQ(ukplat_trap_register(TEST_VECTOR, dummy_handler, &dummies[0]),
		  -EEXIST);
	EXPECT_EQ(ukplat_trap_register(TEST_VECTOR, dummy_handler,
				       &dummies[UKPLAT_TRAP_HANDLERS_MAX]),
		  -EBUSY);
	for (i = 0; i < UKPLAT_TRAP_HANDLERS_MAX; i++)
		EXPECT_EQ(ukplat_trap_unregister(TEST_VECTOR, dummy_handler,
						 &dummies[i]),
			  0);
	EXPECT_FALSE(x86_trap_has_handler(TEST_VECTOR));
	EXPECT_EQ(ukplat_irq_register(UKPLAT_IRQ_LINES, dummy_handler, NULL),
		  -EINVAL);
	EXPECT_EQ(ukplat_irq_register(X86_PIC_CASCADE, dummy_handler, NULL),
		  -EINVAL);
	EXPECT_EQ(ukplat_irq_unregister(5, dummy_handler, NULL), -ENOENT);
}

/* What a handler saw, for the test body to check. */
struct trap_seen {
	int calls;
	unsigned long vector;
	unsigned long error_code;
	unsigned long rip;
	unsigned long rsp; /* interrupted stack pointer */
	unsigned long rflags;
	uintptr_t handler_sp; /* the handler's own stack */
	int order; /* value of trap_order at entry */
};

static int trap_order;

static void seen_record(struct trap_seen *s, const struct __regs *regs)
{
	s->calls++;
	s->vector = regs->vector;
	s->error_code = regs->error_code;
	s->rip = regs->rip;
	s->rsp = regs->rsp;
	s->rflags = regs->rflags;
	s->handler_sp = current_sp();
	s->order = trap_order++;
}

static int bp_handler(struct __regs *regs, unsigned long error_code __unused,
		      void *arg)
{
	seen_record(arg, regs);
	return 1;
}

TESTCASE(x86_traps, int3_resumes)
{
	struct trap_seen bp = { 0 };
	uintptr_t after, sp = current_sp();

	EXPECT_EQ(ukplat_trap_register(X86_TRAP_BP, bp_handler, &bp), 0);
	/* #BP is a trap: the saved RIP is the instruction after int3. */
	__asm__ __volatile__("int3\n"
			     "1:\n\t"
			     "leaq 1b(%%rip), %0"
			     : "=r"(after));
	EXPECT_EQ(ukplat_trap_unregister(X86_TRAP_BP, bp_handler, &bp), 0);
	EXPECT_EQ(bp.calls, 1);
	EXPECT_EQ(bp.vector, X86_TRAP_BP);
	EXPECT_EQ(bp.rip, after);
	EXPECT_EQ(bp.error_code, 0);
	/* No IST: the handler ran just below the interrupted stack. */
	EXPECT_LT(bp.rsp, sp);
	EXPECT_LT(bp.handler_sp, bp.rsp);
	EXPECT_GT(bp.handler_sp, sp - 4096);
}

static struct trap_seen nest_bp, nest_ud;

/* #UD: skip the two-byte ud2. */
static int ud_handler(struct __regs *regs, unsigned long error_code __unused,
		      void *arg)
{
	const uint8_t *insn = (const uint8_t *)regs->rip;

	if (insn[0] != 0x0f || insn[1] != 0x0b)
		return 0;
	seen_record(arg, regs);
	regs->rip += 2;
	return 1;
}

/* #BP that itself faults with ud2 and continues after the inner trap. */
static int bp_nesting_handler(struct __regs *regs,
			      unsigned long error_code __unused, void *arg)
{
	seen_record(arg, regs);
	__asm__ __volatile__("ud2" ::: "memory");
	/* Back from the nested #UD: our frame and regs must be intact. */
	return regs->vector == X86_TRAP_BP && nest_ud.calls == 1;
}

TESTCASE(x86_traps, nested_trap_returns)
{
	uintptr_t after;

	trap_order = 0;
	EXPECT_EQ(
		ukplat_trap_register(X86_TRAP_BP, bp_nesting_handler, &nest_bp),
		0);
	EXPECT_EQ(ukplat_trap_register(X86_TRAP_UD, ud_handler, &nest_ud), 0);
	__asm__ __volatile__("int3\n"
			     "1:\n\t"
			     "leaq 1b(%%rip), %0"
			     : "=r"(after));
	EXPECT_EQ(ukplat_trap_unregister(X86_TRAP_UD, ud_handler, &nest_ud), 0);
	EXPECT_EQ(ukplat_trap_unregister(X86_TRAP_BP, bp_nesting_handler,
					 &nest_bp),
		  0);
	EXPECT_EQ(nest_bp.calls, 1);
	EXPECT_EQ(nest_ud.calls, 1);
	EXPECT_EQ(nest_bp.order, 0);
	EXPECT_EQ(nest_ud.order, 1);
	EXPECT_EQ(nest_bp.rip, after);
	/* The inner trap interrupted the outer handler on the same stack. */
	EXPECT_LT(nest_ud.rsp, nest_bp.rsp);
	EXPECT_GT(nest_ud.rsp, nest_bp.rsp - 4096);
}

static struct trap_seen de;

/* #DE: a fault (RIP at the divide); skip `divl %ecx` (f7 f1), set EAX. */
static int de_handler(struct __regs *regs, unsigned long error_code __unused,
		      void *arg)
{
	const uint8_t *insn = (const uint8_t *)regs->rip;

	if (insn[0] != 0xf7 || insn[1] != 0xf1)
		return 0;
	seen_record(arg, regs);
	regs->rip += 2;
	regs->rax = 0x5a5a;
	return 1;
}

TESTCASE(x86_traps, divide_error_skips)
{
	unsigned int q;
	uintptr_t at;

	EXPECT_EQ(ukplat_trap_register(X86_TRAP_DE, de_handler, &de), 0);
	__asm__ __volatile__("leaq 1f(%%rip), %1\n\t"
			     "xorl %%ecx, %%ecx\n\t"
			     "xorl %%edx, %%edx\n\t"
			     "movl $100, %%eax\n"
			     "1:\n\t"
			     "divl %%ecx"
			     : "=a"(q), "=&r"(at)
			     :
			     : "rcx", "rdx");
	EXPECT_EQ(ukplat_trap_unregister(X86_TRAP_DE, de_handler, &de), 0);
	EXPECT_EQ(de.calls, 1);
	EXPECT_EQ(de.vector, X86_TRAP_DE);
	EXPECT_EQ(de.rip, at);
	EXPECT_EQ(q, 0x5a5a);
}

static uint8_t pf_page[4096] __aligned(4096);
static struct trap_seen pf;
static unsigned long pf_cr2;

/* #PF on pf_page: make it present again and retry the access. */
static int pf_handler(struct __regs *regs, unsigned long error_code __unused,
		      void *arg)
{
	unsigned long cr2 = x86_read_cr2();

	if (cr2 < (uintptr_t)pf_page || cr2 >= (uintptr_t)pf_page + 4096)
		return 0;
	seen_record(arg, regs);
	pf_cr2 = cr2;
	return x86_page_restore_4k(cr2) == 0;
}

TESTCASE(x86_traps, page_fault_retry)
{
	volatile uint8_t *p = &pf_page[100];

	*p = 42;
	EXPECT_EQ(ukplat_trap_register(X86_TRAP_PF, pf_handler, &pf), 0);

	EXPECT_EQ(x86_page_unmap_4k((uintptr_t)pf_page), 0);
	EXPECT_FALSE(x86_vaddr_mapped((uintptr_t)pf_page));
	EXPECT_TRUE(x86_vaddr_mapped((uintptr_t)pf_page + 4096));
	EXPECT_EQ(*p, 42); /* read fault, retried after the restore */
	EXPECT_EQ(pf.calls, 1);
	EXPECT_EQ(pf_cr2, (uintptr_t)p);
	EXPECT_EQ(pf.error_code & (X86_PF_ERR_P | X86_PF_ERR_W), 0);

	EXPECT_EQ(x86_page_unmap_4k((uintptr_t)pf_page), 0);
	*p = 43; /* write fault */
	EXPECT_EQ(pf.calls, 2);
	EXPECT_EQ(pf.error_code & (X86_PF_ERR_P | X86_PF_ERR_W), X86_PF_ERR_W);
	EXPECT_EQ(pf_page[100], 43);
	EXPECT_TRUE(x86_vaddr_mapped((uintptr_t)pf_page));

	EXPECT_EQ(ukplat_trap_unregister(X86_TRAP_PF, pf_handler, &pf), 0);
	EXPECT_EQ(x86_page_restore_4k(0x40000000), -EINVAL);
}

/* The chain of frames from the test body down to here. */
static unsigned int __attribute__((noinline)) bt_leaf(uintptr_t *addrs,
						      unsigned int max)
{
	unsigned int n = ukplat_backtrace((uintptr_t)__builtin_frame_address(0),
					  addrs, max);

	__asm__ __volatile__("" ::: "memory"); /* no tail call */
	return n;
}

static unsigned int __attribute__((noinline)) bt_mid(uintptr_t *addrs,
						     unsigned int max)
{
	unsigned int n = bt_leaf(addrs, max);

	__asm__ __volatile__("" ::: "memory"); /* no tail call */
	return n;
}

TESTCASE(x86_traps, backtrace)
{
	extern char _text[], _etext[];
	uintptr_t addrs[8];
	unsigned int n, i;

	n = bt_mid(addrs, 8);
	EXPECT_GE(n, 3);
	for (i = 0; i < n; i++) {
		EXPECT_GE(addrs[i], (uintptr_t)_text);
		EXPECT_LT(addrs[i], (uintptr_t)_etext);
	}
	/* Return into bt_mid comes first, bt_mid's caller after it. */
	EXPECT_GT(addrs[0], (uintptr_t)bt_mid);
	EXPECT_LT(addrs[0], (uintptr_t)bt_mid + 64);
	EXPECT_EQ(bt_mid(addrs, 1), 1);
	/* Bad frame pointers end the walk without a fault. */
	EXPECT_EQ(ukplat_backtrace(0, addrs, 8), 0);
	EXPECT_EQ(ukplat_backtrace(current_sp() + 4, addrs, 8), 0);
	EXPECT_EQ(ukplat_backtrace(0x0000800000000000UL, addrs, 8), 0);
	EXPECT_EQ(ukplat_backtrace(0x0000100000000000UL, addrs, 8), 0);
}

#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define PIT_CH0_RATE_GEN 0x34 /* channel 0, lo/hi byte, mode 2 */
#define PIT_HZ 1193182
#define PIT_TEST_HZ 1000

static volatile int pit_ticks;
static struct trap_seen irq0;
static int irq0_on_ist;

static int pit_handler(struct __regs *regs, unsigned long error_code __unused,
		       void *arg)
{
	struct x86_cpu *cpu = x86_cpu_current();
	uintptr_t lo = 0, hi = 0;

	seen_record(arg, regs);
	if (cpu)
		x86_ist_bounds(cpu, X86_IST_IRQ, &lo, &hi);
	irq0_on_ist = irq0.handler_sp >= lo && irq0.handler_sp < hi;
	pit_ticks++;
	return 1;
}

/*
 * The PIT's line 0 through the machine's controller: on QEMU pc the I/O
 * APIC, where the MADT's override sends ISA line 0 to GSI 2; the i8259s
 * stay masked.
 */
TESTCASE(x86_traps, irq0_on_ist1)
{
	uint16_t div = PIT_HZ / PIT_TEST_HZ;
	int i;

	EXPECT_TRUE(x86_irq_is_masked(0));
	EXPECT_EQ(ukplat_irq_register(0, pit_handler, &irq0), 0);
	EXPECT_FALSE(x86_irq_is_masked(0));
	EXPECT_TRUE(x86_pic_is_masked(0));
	outb(PIT_CMD, PIT_CH0_RATE_GEN);
	outb(PIT_CH0, div & 0xff);
	outb(PIT_CH0, div >> 8);
	/* sti's one-instruction shadow: no IRQ slips in before hlt. */
	for (i = 0; i < 10000 && pit_ticks < 5; i++)
		__asm__ __volatile__("sti; hlt; cli" ::: "memory");
	EXPECT_EQ(ukplat_irq_unregister(0, pit_handler, &irq0), 0);
	EXPECT_TRUE(x86_irq_is_masked(0));
	EXPECT_GE(pit_ticks, 5);
	EXPECT_EQ(irq0.vector, X86_IRQ_VECTOR_BASE);
	EXPECT_TRUE(irq0_on_ist);
	EXPECT_TRUE(irq0.rflags & X86_RFLAGS_IF); /* interrupted at hlt */
}

/* GSIs past the ISA lines exist only on the I/O APIC; 64 on no machine. */
TESTCASE(x86_traps, irq_numbers)
{
	EXPECT_EQ(ukplat_irq_set_trigger(23, UKPLAT_IRQ_LEVEL_LOW), 0);
	EXPECT_EQ(ukplat_irq_register(23, dummy_handler, NULL), 0);
	EXPECT_FALSE(x86_irq_is_masked(23));
	EXPECT_EQ(ukplat_irq_unregister(23, dummy_handler, NULL), 0);
	EXPECT_TRUE(x86_irq_is_masked(23));
	/* QEMU pc's I/O APIC has 24 pins: GSI 24 is on none. */
	EXPECT_EQ(ukplat_irq_register(24, dummy_handler, NULL), -EINVAL);
	EXPECT_EQ(ukplat_irq_set_trigger(24, UKPLAT_IRQ_EDGE_RISING), -EINVAL);
	EXPECT_EQ(ukplat_irq_set_trigger(5, 0), -EINVAL);
}
