/*
 * Fuzz target: split-virtqueue used-ring processing (plat/virtio
 * virtqueue.c) against a hostile device. The input is a script: the
 * driver adds chains and takes used entries, the device writes used
 * entries with any id and length and moves used->idx anywhere. Checked:
 * uk_virtq_get gives back only tokens of chains in flight, each once,
 * with the documented errors, and the free descriptors plus those of
 * the chains in flight always make the whole queue.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <uk/virtio/virtqueue.h>

#define QSIZE 16
#define ALIGN 4096

static struct uk_virtq vq;
static unsigned char tokens[QSIZE * 4];
/* Descriptors of each token's chain while in flight, 0 otherwise. */
static unsigned int in_flight[QSIZE * 4];

static unsigned int descs_in_flight(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < sizeof(tokens); i++)
		n += in_flight[i];
	return n;
}

static void take_used(void)
{
	void *token;
	uint32_t len;
	size_t t;
	int ret, i;

	for (i = 0; i <= QSIZE; i++) {
		ret = uk_virtq_get(&vq, &token, &len);
		if (ret == -EAGAIN || ret == -EIO)
			return;
		if (ret != 0 && ret != -EMSGSIZE)
			abort();
		t = (size_t)((unsigned char *)token - tokens);
		if ((unsigned char *)token < tokens || t >= sizeof(tokens) ||
		    !in_flight[t])
			abort();
		in_flight[t] = 0;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char mem[8192] __attribute__((aligned(ALIGN)));
	struct uk_virtq_buf bufs[6];
	struct uk_virtq_used_elem *e;
	unsigned int next_token = 0, k, out, in;
	size_t i = 0;
	int ret;

	if (uk_virtq_ring_bytes(QSIZE, ALIGN) > sizeof(mem) ||
	    uk_virtq_init(&vq, 0, QSIZE, mem, ALIGN, size && data[0] & 1))
		abort();
	memset(in_flight, 0, sizeof(in_flight));
	while (i < size) {
		switch (data[i++] % 4) {
		case 0: /* the driver adds a chain */
			out = i < size ? data[i] & 3 : 1;
			in = i < size ? (data[i++] >> 2) & 3 : 0;
			for (k = 0; k < out + in; k++)
				bufs[k] =
					(struct uk_virtq_buf){ 0x1000 * (k + 1),
							       64 * (k + 1) };
			next_token = (next_token + 1) % sizeof(tokens);
			if (in_flight[next_token])
				break;
			ret = uk_virtq_add(&vq, bufs, out, in,
					   &tokens[next_token]);
			if (!ret)
				in_flight[next_token] = out + in;
			else if (ret != -ENOSPC && ret != -EINVAL)
				abort();
			break;
		case 1: /* the device completes an entry: any id and length */
			if (size - i < 8)
				return 0;
			e = &vq.used->ring[vq.used->idx & (QSIZE - 1)];
			memcpy(&e->id, data + i, 4);
			memcpy(&e->len, data + i + 4, 4);
			i += 8;
			vq.used->idx++;
			break;
		case 2: /* the device moves used->idx anywhere */
			if (size - i < 2)
				return 0;
			memcpy(&vq.used->idx, data + i, 2);
			i += 2;
			break;
		default:
			take_used();
			break;
		}
		if (uk_virtq_num_free(&vq) + descs_in_flight() != QSIZE)
			abort();
	}
	return 0;
}
