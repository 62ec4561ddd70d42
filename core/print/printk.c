/* uk_printk and leveled logging onto the platform console. */
#include <uk/plat/console.h>
#include <uk/print.h>

#define PRINTK_BUFSIZE 512

int uk_vprintk(const char *fmt, va_list ap)
{
	char buf[PRINTK_BUFSIZE];
	int len = uk_vsnprintf(buf, sizeof(buf), fmt, ap);

	if (len >= (int)sizeof(buf))
		len = sizeof(buf) - 1;
	return ukplat_coutk(buf, (unsigned int)len);
}

int uk_printk(const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = uk_vprintk(fmt, ap);
	va_end(ap);
	return ret;
}

void _uk_printk_lvl(int lvl, const char *libname, const char *fmt, ...)
{
	static const char *const names[] = { "", "ERR", "WARN", "INFO",
					     "DEBUG" };
	char buf[PRINTK_BUFSIZE];
	va_list ap;
	int len;

	len = uk_snprintf(buf, sizeof(buf), "[%s] %s: ",
			  lvl > 0 && lvl <= UK_PRINT_DEBUG ? names[lvl] : "?",
			  libname);
	if (len >= (int)sizeof(buf))
		len = sizeof(buf) - 1;
	va_start(ap, fmt);
	len += uk_vsnprintf(buf + len, sizeof(buf) - len, fmt, ap);
	va_end(ap);
	if (len >= (int)sizeof(buf))
		len = sizeof(buf) - 1;
	ukplat_coutk(buf, (unsigned int)len);
}
