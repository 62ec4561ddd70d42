/* Exception handler: reports an unhandled exception and powers off. */
#include <uk/essentials.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/console.h>
#include <arm64/semihost.h>
#include <arm64/sysreg.h>
#include <arm64/traps.h>

static const char *const slot_names[16] = {
	"Synchronous (EL1t)", "IRQ (EL1t)", "FIQ (EL1t)", "SError (EL1t)",
	"Synchronous (EL1h)", "IRQ (EL1h)", "FIQ (EL1h)", "SError (EL1h)",
	"Synchronous (EL0, AArch64)", "IRQ (EL0, AArch64)",
	"FIQ (EL0, AArch64)", "SError (EL0, AArch64)",
	"Synchronous (EL0, AArch32)", "IRQ (EL0, AArch32)",
	"FIQ (EL0, AArch32)", "SError (EL0, AArch32)",
};

static void puts_(const char *s)
{
	unsigned int n = 0;

	while (s[n])
		n++;
	ukplat_coutk(s, n);
}

static void put_hex(const char *label, uint64_t v)
{
	char buf[19];
	int i;

	buf[0] = '0';
	buf[1] = 'x';
	for (i = 0; i < 16; i++)
		buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
	buf[18] = '\0';
	puts_(label);
	puts_(buf);
}

void arm64_trap_handler(unsigned long slot, struct arm64_trap_frame *f)
{
	/*
	 * Without a semihosting host, hlt #0xf000 is undefined (EC 0): make
	 * arm64_semihost_call() return -1 so callers fall back.
	 */
	if (slot == TRAP_ORIGIN_EL1H + TRAP_SYNC &&
	    f->elr == (uintptr_t)arm64_semihost_trap &&
	    (f->esr >> ESR_EC_SHIFT) == ESR_EC_UNKNOWN) {
		f->x[0] = (uint64_t)-1;
		f->elr += 4;
		return;
	}

	puts_("\nunhandled exception: ");
	puts_(slot < UK_ARRAY_SIZE(slot_names) ? slot_names[slot] : "?");
	put_hex("\n  ESR=", f->esr);
	put_hex(" ELR=", f->elr);
	put_hex(" FAR=", f->far);
	put_hex("\n  SPSR=", f->spsr);
	put_hex(" LR=", f->x[30]);
	put_hex(" SP=", (uintptr_t)f + sizeof(*f));
	puts_("\n");
	ukplat_terminate(1);
}
