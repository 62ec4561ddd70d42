/*
 * System test of a host share: the host directory that hostshare_test.sh
 * prepared is mounted at /mnt/host over virtio-9p (boot option
 * vfs.mount=hostshare:/mnt/host:9pfs). Reads a host file and prints its
 * SHA-256, writes a file for the host to check, lists, stats, renames
 * and unlinks, and checks the errors a share gives. Without the boot
 * option (/mnt/host absent), mounts the share itself with mount(2); and
 * checks mount(2)'s errors for 9p. Prints "hostshare: " lines that the
 * script compares with what the host sees.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define DIR_PATH "/mnt/host"

/* SHA-256 (FIPS 180-4), enough for one file. */
struct sha256 {
	uint32_t h[8];
	uint8_t block[64];
	uint64_t bytes;
};

static const uint32_t k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, int n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha256_block(struct sha256 *s)
{
	uint32_t w[64], v[8], t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)s->block[4 * i] << 24 |
		       (uint32_t)s->block[4 * i + 1] << 16 |
		       (uint32_t)s->block[4 * i + 2] << 8 | s->block[4 * i + 3];
	for (i = 16; i < 64; i++)
		w[i] = w[i - 16] + w[i - 7] +
		       (ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^
			(w[i - 15] >> 3)) +
		       (ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^
			(w[i - 2] >> 10));
	memcpy(v, s->h, sizeof(v));
	for (i = 0; i < 64; i++) {
		t1 = v[7] + (ror(v[4], 6) ^ ror(v[4], 11) ^ ror(v[4], 25)) +
		     ((v[4] & v[5]) ^ (~v[4] & v[6])) + k[i] + w[i];
		t2 = (ror(v[0], 2) ^ ror(v[0], 13) ^ ror(v[0], 22)) +
		     ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
		memmove(v + 1, v, 7 * sizeof(v[0]));
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		s->h[i] += v[i];
}

static void sha256_init(struct sha256 *s)
{
	static const uint32_t h0[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372,
					0xa54ff53a, 0x510e527f, 0x9b05688c,
					0x1f83d9ab, 0x5be0cd19 };

	memcpy(s->h, h0, sizeof(h0));
	s->bytes = 0;
}

static void sha256_add(struct sha256 *s, const uint8_t *p, size_t n)
{
	while (n--) {
		s->block[s->bytes++ % 64] = *p++;
		if (!(s->bytes % 64))
			sha256_block(s);
	}
}

static void sha256_hex(struct sha256 *s, char out[65])
{
	uint64_t bits = s->bytes * 8;
	uint8_t b = 0x80;
	int i;

	sha256_add(s, &b, 1);
	b = 0;
	while (s->bytes % 64 != 56)
		sha256_add(s, &b, 1);
	for (i = 7; i >= 0; i--) {
		b = (uint8_t)(bits >> (8 * i));
		sha256_add(s, &b, 1);
	}
	for (i = 0; i < 8; i++)
		sprintf(out + 8 * i, "%08x", s->h[i]);
}

static void read_file(void)
{
	static uint8_t buf[8192];
	struct sha256 s;
	char hex[65];
	long total = 0;
	ssize_t n;
	int fd = open(DIR_PATH "/in.bin", O_RDONLY);

	if (fd < 0) {
		printf("hostshare: open in.bin: %s\n", strerror(errno));
		return;
	}
	sha256_init(&s);
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		sha256_add(&s, buf, (size_t)n);
		total += n;
	}
	close(fd);
	sha256_hex(&s, hex);
	printf("hostshare: in.bin %ld bytes sha256 %s\n", total, hex);
}

static void write_file(void)
{
	static const char text[] = "written by the guest\n";
	int fd = open(DIR_PATH "/out.txt", O_WRONLY | O_CREAT | O_EXCL, 0640);

	if (fd < 0 || write(fd, text, sizeof(text) - 1) != sizeof(text) - 1)
		printf("hostshare: write out.txt: %s\n", strerror(errno));
	else
		printf("hostshare: wrote out.txt\n");
	if (fd >= 0)
		close(fd);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(void)
{
	char *names[32];
	struct dirent *d;
	int n = 0, i;
	DIR *dir = opendir(DIR_PATH);

	if (!dir) {
		printf("hostshare: opendir: %s\n", strerror(errno));
		return;
	}
	while ((d = readdir(dir)) && n < 32)
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
			names[n++] = strdup(d->d_name);
	closedir(dir);
	qsort(names, (size_t)n, sizeof(names[0]), by_name);
	printf("hostshare: readdir");
	for (i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

static const char *err(int ret)
{
	return ret ? strerror(errno) : "ok";
}

static void changes(void)
{
	struct stat st;
	int ret;

	ret = stat(DIR_PATH "/in.bin", &st);
	if (!ret)
		printf("hostshare: stat in.bin size %lld mode %o regular %d\n",
		       (long long)st.st_size, (unsigned)st.st_mode & 07777,
		       S_ISREG(st.st_mode));
	else
		printf("hostshare: stat in.bin: %s\n", strerror(errno));
	ret = rename(DIR_PATH "/old.txt", DIR_PATH "/renamed.txt");
	printf("hostshare: rename old.txt renamed.txt: %s\n", err(ret));
	ret = unlink(DIR_PATH "/gone.txt");
	printf("hostshare: unlink gone.txt: %s\n", err(ret));
	ret = mkdir(DIR_PATH "/newdir", 0750);
	printf("hostshare: mkdir newdir: %s\n", err(ret));
}

static void errors(void)
{
	int ret, fd;
	char c;

	ret = open(DIR_PATH "/missing", O_RDONLY);
	printf("hostshare: open missing: %s\n", err(ret < 0));
	ret = stat(DIR_PATH "/gone.txt", &(struct stat){ 0 });
	printf("hostshare: stat gone.txt: %s\n", err(ret));
	ret = mkdir(DIR_PATH "/sub", 0755);
	printf("hostshare: mkdir sub: %s\n", err(ret));
	ret = rmdir(DIR_PATH "/sub");
	printf("hostshare: rmdir sub: %s\n", err(ret));
	ret = open(DIR_PATH "/out.txt", O_WRONLY | O_CREAT | O_EXCL, 0600);
	printf("hostshare: create out.txt again: %s\n", err(ret < 0));
	ret = access(DIR_PATH "/in.bin", X_OK);
	printf("hostshare: access in.bin X_OK: %s\n", err(ret));
	ret = open(DIR_PATH "/in.bin/x", O_RDONLY);
	printf("hostshare: open in.bin/x: %s\n", err(ret < 0));
	/* Mode 000 on the host: EACCES unless QEMU runs as root. */
	fd = open(DIR_PATH "/secret", O_RDONLY);
	printf("hostshare: open secret: %s\n", err(fd < 0));
	if (fd >= 0) {
		ret = read(fd, &c, 1) != 1;
		printf("hostshare: read secret: %s\n", err(ret));
		close(fd);
	}
}

/* mount(2) of type 9p: the share itself if not mounted at boot. */
static void mounts(void)
{
	int ret;

	if (access(DIR_PATH, F_OK)) {
		mkdir("/mnt", 0755);
		mkdir(DIR_PATH, 0755);
		ret = mount("hostshare", DIR_PATH, "9p", 0,
			    "trans=virtio,version=9p2000.L,msize=65536");
		printf("hostshare: mount(2) hostshare: %s\n", err(ret));
	}
	mkdir("/mnt/again", 0755);
	ret = mount("hostshare", "/mnt/again", "9p", 0, "trans=virtio");
	printf("hostshare: mount(2) again: %s\n", err(ret));
	ret = mount("notag", "/mnt/again", "9p", 0, "trans=virtio");
	printf("hostshare: mount(2) unknown tag: %s\n", err(ret));
	ret = mount("hostshare", "/mnt/again", "9p", 0, "trans=tcp");
	printf("hostshare: mount(2) trans=tcp: %s\n", err(ret));
	ret = mount("hostshare", "/mnt/none", "9p", 0, "trans=virtio");
	printf("hostshare: mount(2) no directory: %s\n", err(ret));
}

/* A FIFO file on the share: the host keeps it, the guest's pipe runs it. */
static void fifo(void)
{
	struct stat st;
	char buf[8] = "";
	int ret, fd;

	ret = mkfifo(DIR_PATH "/fifo", 0640);
	printf("hostshare: mkfifo fifo: %s\n", err(ret));
	ret = stat(DIR_PATH "/fifo", &st);
	printf("hostshare: stat fifo: %s fifo %d\n", err(ret),
	       !ret && S_ISFIFO(st.st_mode));
	fd = open(DIR_PATH "/fifo", O_RDWR);
	ret = fd < 0 || write(fd, "piped", 5) != 5 || read(fd, buf, 7) != 5;
	printf("hostshare: fifo data: %s %s\n", err(ret), buf);
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	mounts();
	read_file();
	write_file();
	changes();
	list();
	errors();
	fifo();
	printf("hostshare: done\n");
	return 0;
}
