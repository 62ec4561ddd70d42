/*
 * A driver for fuzz targets built without libFuzzer (the default host
 * toolchain): runs each input file, and each file of each directory,
 * named on the command line, then FUZZ_RUNS (default 20,000) mutations
 * of them from a fixed seed. So `bazel test` runs the seed corpus and a
 * short, reproducible random run; --config=fuzz links libFuzzer instead.
 * Arguments starting with '-' are libFuzzer's and are ignored.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPLAY_MAX_INPUT 4096
#define MAX_SEEDS 256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t *seeds[MAX_SEEDS];
static size_t seed_len[MAX_SEEDS], nseeds;
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

static void add_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t n;

	if (!f || nseeds == MAX_SEEDS) {
		if (f)
			fclose(f);
		return;
	}
	buf = malloc(REPLAY_MAX_INPUT);
	n = fread(buf, 1, REPLAY_MAX_INPUT, f);
	fclose(f);
	seeds[nseeds] = buf;
	seed_len[nseeds++] = n;
}

static void add_path(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char sub[4096];

	if (!d) {
		add_file(path);
		return;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		add_file(sub);
	}
	closedir(d);
}

/* One of a few mutations, as libFuzzer's simplest ones. */
static size_t mutate(uint8_t *b, size_t n)
{
	static const char special[] = " \t\"'\\@:=xK0\n";
	size_t at = n ? next() % n : 0;

	switch (next() % 5) {
	case 0:
		if (n)
			b[at] ^= (uint8_t)(1u << (next() % 8));
		return n;
	case 1:
		if (n < REPLAY_MAX_INPUT) {
			memmove(b + at + 1, b + at, n - at);
			b[at] = (uint8_t)next();
			return n + 1;
		}
		return n;
	case 2:
		if (n) {
			memmove(b + at, b + at + 1, n - at - 1);
			return n - 1;
		}
		return n;
	case 3:
		if (n)
			b[at] = (uint8_t)
				special[next() % (sizeof(special) - 1)];
		return n;
	default:
		if (n && n * 2 <= REPLAY_MAX_INPUT) {
			memcpy(b + n, b, n);
			return n * 2;
		}
		return n;
	}
}

int main(int argc, char **argv)
{
	const char *env = getenv("FUZZ_RUNS");
	long runs = env ? atol(env) : 20000, r = 0;
	static uint8_t buf[REPLAY_MAX_INPUT];
	size_t i, n;
	int a, k;

	for (a = 1; a < argc; a++)
		if (argv[a][0] != '-')
			add_path(argv[a]);
	for (i = 0; i < nseeds; i++)
		LLVMFuzzerTestOneInput(seeds[i], seed_len[i]);
	for (; nseeds && r < runs; r++) {
		i = next() % nseeds;
		n = seed_len[i];
		memcpy(buf, seeds[i], n);
		for (k = 1 + (int)(next() % 8); k > 0; k--)
			n = mutate(buf, n);
		LLVMFuzzerTestOneInput(buf, n);
	}
	printf("replayed %zu seeds and %ld mutations\n", nseeds, r);
	return 0;
}
