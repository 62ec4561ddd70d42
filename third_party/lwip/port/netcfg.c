/* Network options of the kernel command line (see <uk/lwip.h>). */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <uk/lwip.h>

/* A word of the command line: [start, start + len). */
struct word {
	const char *start;
	size_t len;
};

static bool word_next(const char **p, struct word *w)
{
	const char *s = *p;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (!*s)
		return false;
	w->start = s;
	while (*s && *s != ' ' && *s != '\t' && *s != '\n')
		s++;
	w->len = (size_t)(s - w->start);
	*p = s;
	return true;
}

/* If w is "key=value", points value at the value. */
static bool word_key(const struct word *w, const char *key, struct word *value)
{
	size_t n = strlen(key);

	if (w->len <= n || memcmp(w->start, key, n) || w->start[n] != '=')
		return false;
	value->start = w->start + n + 1;
	value->len = w->len - n - 1;
	return true;
}

static bool word_is(const struct word *w, const char *s)
{
	return w->len == strlen(s) && !memcmp(w->start, s, w->len);
}

/* Parses a decimal number <= max from [*s, end). */
static bool parse_num(const char **s, const char *end, unsigned int max,
		      unsigned int *out)
{
	unsigned int v = 0;
	const char *p = *s;

	if (p == end || *p < '0' || *p > '9')
		return false;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (unsigned int)(*p - '0');
		if (v > max)
			return false;
	}
	*s = p;
	*out = v;
	return true;
}

/* Dotted quad to network byte order; the whole of [s, end) must match. */
static bool parse_ipv4(const char *s, const char *end, uint32_t *out)
{
	uint8_t b[4];
	unsigned int v;
	int i;

	for (i = 0; i < 4; i++) {
		if (i && (s == end || *s++ != '.'))
			return false;
		if (!parse_num(&s, end, 255, &v))
			return false;
		b[i] = (uint8_t)v;
	}
	if (s != end)
		return false;
	memcpy(out, b, 4);
	return true;
}

static uint32_t prefix_mask(unsigned int bits)
{
	uint32_t host = bits ? ~0u << (32 - bits) : 0;
	uint8_t b[4] = { (uint8_t)(host >> 24), (uint8_t)(host >> 16),
			 (uint8_t)(host >> 8), (uint8_t)host };
	uint32_t net;

	memcpy(&net, b, 4);
	return net;
}

/* "A.B.C.D[/N]" into cfg as a static address. */
static bool parse_static(const struct word *v, struct uk_lwip_netcfg *cfg)
{
	const char *end = v->start + v->len;
	const char *slash = memchr(v->start, '/', v->len);
	unsigned int bits = 24;

	if (!parse_ipv4(v->start, slash ? slash : end, &cfg->ip))
		return false;
	if (slash) {
		const char *p = slash + 1;

		if (!parse_num(&p, end, 32, &bits) || p != end)
			return false;
	}
	cfg->netmask = prefix_mask(bits);
	cfg->dhcp = false;
	return true;
}

int uk_lwip_netcfg_parse(const char *cmdline, struct uk_lwip_netcfg *cfg)
{
	const struct uk_lwip_netcfg dhcp = { .dhcp = true };
	struct word w, v;
	bool gw = false;

	*cfg = dhcp;
	while (cmdline && word_next(&cmdline, &w)) {
		if (word_key(&w, "netdev.ip", &v)) {
			if (word_is(&v, "dhcp")) {
				cfg->dhcp = true;
			} else if (!parse_static(&v, cfg)) {
				*cfg = dhcp;
				return -EINVAL;
			}
		} else if (word_key(&w, "ip", &v) && word_is(&v, "dhcp")) {
			cfg->dhcp = true;
		} else if (word_key(&w, "netdev.gw", &v)) {
			if (!parse_ipv4(v.start, v.start + v.len, &cfg->gw)) {
				*cfg = dhcp;
				return -EINVAL;
			}
			gw = true;
		}
	}
	if (cfg->dhcp) {
		if (gw) {
			*cfg = dhcp;
			return -EINVAL;
		}
		cfg->ip = cfg->netmask = cfg->gw = 0;
	}
	return 0;
}
