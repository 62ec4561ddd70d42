/*
 * virtio-mmio devices from the kernel command line: x86 machines without
 * a device tree (QEMU microvm, Firecracker) name each transport as
 * Linux's "virtio_mmio.device=SIZE@BASE:IRQ". The platform takes these
 * words out of the command line, so main()'s arguments are the user's.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <uk/plat/virtio_mmio.h>
#include <uk/print.h>
#include <x86/virtio_mmio.h>

#define KEY "virtio_mmio.device="
#define KEY_LEN (sizeof(KEY) - 1)
#define X86_VIRTIO_MMIO_MAX 32

static struct ukplat_virtio_mmio_dev devs[X86_VIRTIO_MMIO_MAX];
static unsigned int dev_count;

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static bool has_key(const char *w, size_t len)
{
	return len > KEY_LEN && !memcmp(w, KEY, KEY_LEN);
}

/* Parses one "virtio_mmio.device=..." word (NUL-terminated). */
static void take_one(const char *word)
{
	if (dev_count == X86_VIRTIO_MMIO_MAX)
		uk_pr_warn("virtio-mmio: more than %d devices, %s ignored\n",
			   X86_VIRTIO_MMIO_MAX, word);
	else if (ukplat_virtio_mmio_parse(word + KEY_LEN, &devs[dev_count]))
		uk_pr_warn("virtio-mmio: bad %s ignored\n", word);
	else
		dev_count++;
}

void x86_virtio_mmio_take(char *cmdline)
{
	char *r = cmdline, *word;
	size_t len;
	char save;

	for (;;) {
		while (is_blank(*r))
			r++;
		if (!*r)
			break;
		word = r;
		while (*r && !is_blank(*r))
			r++;
		len = (size_t)(r - word);
		if (!has_key(word, len))
			continue;
		save = *r;
		*r = '\0';
		take_one(word);
		*r = save;
		/* The rest of the line moves over the word, bytes unchanged. */
		memmove(word, r, strlen(r) + 1);
		r = word;
	}
}

unsigned int ukplat_virtio_mmio_list(struct ukplat_virtio_mmio_dev *out,
				     unsigned int max)
{
	unsigned int i;

	for (i = 0; i < dev_count && i < max; i++)
		out[i] = devs[i];
	return dev_count;
}
