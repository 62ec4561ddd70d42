/*
 * "virtio_mmio.device=SIZE@BASE:IRQ[:ID]", the kernel command line form
 * that Linux (drivers/virtio/virtio_mmio.c) and QEMU microvm use.
 */
#include <errno.h>
#include <uk/plat/trap.h>
#include <uk/plat/virtio_mmio.h>

/* Number in C syntax (0x hex, 0 octal, else decimal), as %lli reads it. */
static int parse_num(const char **sp, uint64_t *v)
{
	const char *s = *sp;
	unsigned int base = 10, d;
	uint64_t n = 0;
	int digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	for (;; s++, digits++) {
		if (*s >= '0' && *s <= '9')
			d = (unsigned int)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			d = (unsigned int)(*s - 'a') + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = (unsigned int)(*s - 'A') + 10;
		else
			break;
		if (d >= base || n > (UINT64_MAX - d) / base)
			return -EINVAL;
		n = n * base + d;
	}
	if (!digits)
		return -EINVAL;
	*sp = s;
	*v = n;
	return 0;
}

/* A size: a number with an optional K, M or G suffix (Linux memparse). */
static int parse_size(const char **sp, uint64_t *v)
{
	unsigned int shift = 0;

	if (parse_num(sp, v))
		return -EINVAL;
	switch (**sp) {
	case 'G':
	case 'g':
		shift += 10;
		/* fallthrough */
	case 'M':
	case 'm':
		shift += 10;
		/* fallthrough */
	case 'K':
	case 'k':
		shift += 10;
		(*sp)++;
		break;
	}
	if (shift && *v > (UINT64_MAX >> shift))
		return -EINVAL;
	*v <<= shift;
	return 0;
}

int ukplat_virtio_mmio_parse(const char *s, struct ukplat_virtio_mmio_dev *dev)
{
	uint64_t size, base, irq, id;

	if (!s || parse_size(&s, &size) || *s++ != '@' ||
	    parse_num(&s, &base) || *s++ != ':' || parse_num(&s, &irq))
		return -EINVAL;
	if (*s == ':' && (s++, parse_num(&s, &id)))
		return -EINVAL;
	if (*s || !size || base + size - 1 < base || irq > UINT32_MAX)
		return -EINVAL;
	dev->base = base;
	dev->size = size;
	dev->irq = (unsigned int)irq;
	dev->trigger = UKPLAT_IRQ_EDGE_RISING;
	return 0;
}
