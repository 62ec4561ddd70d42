/*
 * The CMOS real-time clock (MC146818 and compatibles, QEMU's "mc146818rtc"):
 * date and time registers behind index port 0x70 and data port 0x71, in
 * BCD or binary and 12- or 24-hour form as status register B says.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <uk/plat/rtc.h>
#include <uk/asm/io.h>
#include <x86/rtc_phase.h>

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
/* QEMU's fw_cfg on the I/O ports (docs/specs/fw_cfg.rst). */
#define FW_CFG_SELECTOR 0x510
#define FW_CFG_DATA 0x511
#define FW_CFG_SIGNATURE 0x0000
#define FW_CFG_FILE_DIR 0x0019
#define FW_CFG_NAME_MAX 56
/* Bit 7 of the index port disables NMIs: keep them enabled. */
#define CMOS_REG_SEC 0x00
#define CMOS_REG_MIN 0x02
#define CMOS_REG_HOUR 0x04
#define CMOS_REG_DAY 0x07
#define CMOS_REG_MONTH 0x08
#define CMOS_REG_YEAR 0x09
#define CMOS_REG_A 0x0a
#define CMOS_REG_B 0x0b
/* The century byte where the ACPI FADT says QEMU and PCs keep it. */
#define CMOS_REG_CENTURY 0x32
#define CMOS_A_UIP 0x80 /* update in progress */
#define CMOS_B_24H 0x02
#define CMOS_B_BINARY 0x04
#define CMOS_HOUR_PM 0x80

struct cmos_time {
	uint8_t sec, min, hour, day, month, year, century;
};

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static void cmos_read_time(struct cmos_time *t)
{
	/* The registers change during an update (about 2 ms per second). */
	while (cmos_read(CMOS_REG_A) & CMOS_A_UIP)
		;
	t->sec = cmos_read(CMOS_REG_SEC);
	t->min = cmos_read(CMOS_REG_MIN);
	t->hour = cmos_read(CMOS_REG_HOUR);
	t->day = cmos_read(CMOS_REG_DAY);
	t->month = cmos_read(CMOS_REG_MONTH);
	t->year = cmos_read(CMOS_REG_YEAR);
	t->century = cmos_read(CMOS_REG_CENTURY);
}

static bool cmos_same(const struct cmos_time *a, const struct cmos_time *b)
{
	return a->sec == b->sec && a->min == b->min && a->hour == b->hour &&
	       a->day == b->day && a->month == b->month && a->year == b->year &&
	       a->century == b->century;
}

static unsigned int bcd(uint8_t v)
{
	return (v >> 4) * 10 + (v & 0x0f);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant). */
static int64_t days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
	int64_t era;
	unsigned int yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned int)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

int ukplat_rtc_read(int64_t *sec)
{
	struct cmos_time a, b;
	unsigned int hour, century;
	uint8_t status = cmos_read(CMOS_REG_B);
	bool pm;

	/* Read until two reads agree: no update happened in between. */
	cmos_read_time(&b);
	do {
		a = b;
		cmos_read_time(&b);
	} while (!cmos_same(&a, &b));
	pm = a.hour & CMOS_HOUR_PM;
	a.hour &= (uint8_t)~CMOS_HOUR_PM;
	if (!(status & CMOS_B_BINARY)) {
		a.sec = (uint8_t)bcd(a.sec);
		a.min = (uint8_t)bcd(a.min);
		a.hour = (uint8_t)bcd(a.hour);
		a.day = (uint8_t)bcd(a.day);
		a.month = (uint8_t)bcd(a.month);
		a.year = (uint8_t)bcd(a.year);
		a.century = (uint8_t)bcd(a.century);
	}
	hour = a.hour;
	if (!(status & CMOS_B_24H))
		hour = hour % 12 + (pm ? 12 : 0);
	/* No century register (0 or junk): this one. */
	century = a.century >= 19 && a.century <= 99 ? a.century : 20;
	if (a.month < 1 || a.month > 12 || a.day < 1 || a.day > 31 ||
	    hour > 23 || a.min > 59 || a.sec > 59)
		return -ENODEV;
	*sec = days_from_civil(century * 100 + a.year, a.month, a.day) * 86400 +
	       hour * 3600 + a.min * 60 + a.sec;
	return 0;
}

static void fw_cfg_read(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len--)
		*p++ = inb(FW_CFG_DATA);
}

static uint32_t fw_cfg_be32(void)
{
	uint8_t b[4];

	fw_cfg_read(b, sizeof(b));
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

/* The launcher's host time from fw_cfg; -ENODATA if it passed none. */
static int fw_cfg_host_time(int64_t *ns)
{
	char sig[4], name[FW_CFG_NAME_MAX], text[24];
	uint32_t n, size;
	uint16_t sel;
	uint8_t raw[4];

	outw(FW_CFG_SELECTOR, FW_CFG_SIGNATURE);
	fw_cfg_read(sig, sizeof(sig));
	if (memcmp(sig, "QEMU", 4))
		return -ENODATA;
	outw(FW_CFG_SELECTOR, FW_CFG_FILE_DIR);
	for (n = fw_cfg_be32(); n; n--) {
		size = fw_cfg_be32();
		fw_cfg_read(raw, sizeof(raw)); /* select (BE16), reserved */
		sel = (uint16_t)(raw[0] << 8 | raw[1]);
		fw_cfg_read(name, sizeof(name));
		name[FW_CFG_NAME_MAX - 1] = '\0';
		if (strcmp(name, X86_RTC_HOST_TIME_FILE))
			continue;
		if (size > sizeof(text))
			return -ENODATA;
		outw(FW_CFG_SELECTOR, sel);
		fw_cfg_read(text, size);
		return x86_rtc_host_time_parse(text, size, ns) ? -ENODATA : 0;
	}
	return -ENODATA;
}

int ukplat_rtc_edge(int64_t value, uint64_t mono, int64_t *ns)
{
	/* 0: not read yet; -1: none. Only the clock's one watcher calls. */
	static int64_t host_ns;

	if (!host_ns && fw_cfg_host_time(&host_ns))
		host_ns = -1;
	if (host_ns < 0)
		return -ENODATA;
	*ns = x86_rtc_edge_ns(value, (int64_t)mono, host_ns);
	return 0;
}
