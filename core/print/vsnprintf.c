/* A small integer-only vsnprintf for kernel messages. */
#include <stdbool.h>
#include <stdint.h>
#include <uk/print.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n, int width,
		       bool left, char pad)
{
	int fill = width > (int)n ? width - (int)n : 0;

	if (!left)
		while (fill-- > 0)
			put(o, pad);
	while (n--)
		put(o, *s++);
	if (left)
		while (fill-- > 0)
			put(o, ' ');
}

static void put_number(struct out *o, uintmax_t v, bool neg, unsigned int base,
		       bool upper, int width, int prec, bool left, char pad,
		       const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[72];
	int n = 0;
	int plen = 0;

	while (prefix && prefix[plen])
		plen++;
	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v && n < (int)sizeof(tmp));
	if (prec == 0 && n == 1 && tmp[0] == '0')
		n = 0;
	while (n < prec && n < (int)sizeof(tmp) - 2)
		tmp[n++] = '0';
	if (neg)
		tmp[n++] = '-';
	else
		for (int i = plen - 1; i >= 0; i--)
			tmp[n++] = prefix[i];
	if (pad == '0' && !left) {
		/* Sign and prefix go before the zeros. */
		int sign = neg ? 1 : plen;

		for (int i = n - 1; i >= n - sign; i--)
			put(o, tmp[i]);
		width -= sign;
		n -= sign;
	}
	int fill = width > n ? width - n : 0;

	if (!left)
		while (fill-- > 0)
			put(o, pad);
	while (n--)
		put(o, tmp[n]);
	if (left)
		while (fill-- > 0)
			put(o, ' ');
}

int uk_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		bool left = false, alt = false;
		char pad = ' ';
		int width = 0, prec = -1, lng = 0;

		for (;; fmt++) {
			if (fmt[1] == '-')
				left = true;
			else if (fmt[1] == '0')
				pad = '0';
			else if (fmt[1] == '#')
				alt = true;
			else if (fmt[1] != ' ' && fmt[1] != '+')
				break;
		}
		fmt++;
		if (*fmt == '*') {
			width = va_arg(ap, int);
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			prec = 0;
			fmt++;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
			}
		}
		for (;; fmt++) {
			if (*fmt == 'l' || *fmt == 'z' || *fmt == 'j' ||
			    *fmt == 't')
				lng++;
			else if (*fmt != 'h')
				break;
		}

		uintmax_t u;
		intmax_t s;

		switch (*fmt) {
		case 'd':
		case 'i':
			s = lng >= 2 ? va_arg(ap, long long) :
			    lng	     ? va_arg(ap, long) :
				       va_arg(ap, int);
			u = s < 0 ? -(uintmax_t)s : (uintmax_t)s;
			put_number(&o, u, s < 0, 10, false, width, prec, left,
				   pad, NULL);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			u = lng >= 2 ? va_arg(ap, unsigned long long) :
			    lng	     ? va_arg(ap, unsigned long) :
				       va_arg(ap, unsigned int);
			put_number(&o, u, false,
				   *fmt == 'u' ? 10 :
				   *fmt == 'o' ? 8 :
						 16,
				   *fmt == 'X', width, prec, left, pad,
				   alt && u ? (*fmt == 'o' ? "0" :
					       *fmt == 'X' ? "0X" :
							     "0x") :
					      NULL);
			break;
		case 'p':
			put_number(&o, (uintptr_t)va_arg(ap, void *), false, 16,
				   false, width, prec, left, pad, "0x");
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);

			put_padded(&o, &c, 1, width, left, ' ');
			break;
		}
		case 's': {
			const char *str = va_arg(ap, const char *);
			size_t n = 0;

			if (!str)
				str = "(null)";
			while (str[n] && (prec < 0 || n < (size_t)prec))
				n++;
			put_padded(&o, str, n, width, left, ' ');
			break;
		}
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int uk_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = uk_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return ret;
}
