/*
 * System test of files in an image: reads its configuration from the
 * root file system that uk_rootfs linked in, reads /proc, has threads
 * create, rename, read and remove files at once, then fills the ramfs
 * until the heap is exhausted (ENOSPC) and checks that everything
 * written before reads back intact. Prints "files-system: " lines for
 * qemu_test's expectations.
 */
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK 65536
#define MAX_FILES 1024

static char chunk[CHUNK], back[CHUNK];

static void config(void)
{
	char line[128], target[64];
	struct stat st;
	ssize_t n;
	FILE *f = fopen("/etc/files-test/app.conf", "r");

	if (!f) {
		printf("files-system: no config: %s\n", strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f))
		if (line[0] != '#')
			printf("files-system: config %s", line);
	fclose(f);
	if (!stat("/bin/tool.sh", &st))
		printf("files-system: tool mode %o\n",
		       (unsigned)st.st_mode & 07777);
	n = readlink("/etc/current.conf", target, sizeof(target) - 1);
	if (n > 0) {
		target[n] = '\0';
		printf("files-system: link -> %s\n", target);
	}
}

/* /proc/cpuinfo lists the machine's CPUs; meminfo its memory. */
static void proc(void)
{
	char line[128];
	long cpus = 0, total = 0;
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && fgets(line, sizeof(line), f))
		cpus += !strncmp(line, "processor", 9);
	if (f)
		fclose(f);
	printf("files-system: cpuinfo lists %ld CPUs\n", cpus);
	f = fopen("/proc/meminfo", "r");
	if (f && fscanf(f, "MemTotal: %ld kB", &total) == 1 && total > 0)
		printf("files-system: meminfo MemTotal > 0\n");
	if (f)
		fclose(f);
}

/* The line of /proc/self/maps whose range holds p, in line (or ""). */
static void maps_line(const void *p, char *line, size_t len)
{
	unsigned long start, end, a = (unsigned long)p;
	FILE *f = fopen("/proc/self/maps", "r");

	line[0] = '\0';
	while (f && fgets(line, (int)len, f)) {
		if (sscanf(line, "%lx-%lx", &start, &end) == 2 && start <= a &&
		    a < end)
			break;
		line[0] = '\0';
	}
	if (f)
		fclose(f);
}

/* /proc/self/exe names the program; maps holds its code and heap. */
static void proc_self(void)
{
	char target[64], line[160];
	void *heap = malloc(64);
	ssize_t n;

	n = readlink("/proc/self/exe", target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	printf("files-system: exe -> %s\n", target);
	maps_line((const void *)proc_self, line, sizeof(line));
	printf("files-system: code %s\n",
	       strstr(line, " r-xp ") && strstr(line, " /tessera") ?
		       "in r-xp /tessera" :
		       line);
	maps_line(heap, line, sizeof(line));
	printf("files-system: malloc %s\n",
	       strstr(line, " rw-p ") && strstr(line, " [heap]") ?
		       "in rw-p [heap]" :
		       line);
	free(heap);
}

static void fill(unsigned long i)
{
	memset(chunk, (int)(i % 251), CHUNK);
}

/* Writes CHUNK-sized pieces until the heap is full; checks them all. */
static void fill_until_enospc(void)
{
	unsigned long chunks = 0, bad = 0, i;
	char name[32];
	int nfiles = 0, fd = -1, err = 0;
	ssize_t n;

	while (!err && nfiles < MAX_FILES) {
		snprintf(name, sizeof(name), "/tmp/fill%d", nfiles);
		fd = open(name, O_CREAT | O_WRONLY, 0600);
		if (fd < 0) {
			err = errno;
			break;
		}
		nfiles++;
		for (i = 0; i < 16; i++) {
			fill(chunks);
			n = write(fd, chunk, CHUNK);
			if (n != CHUNK) {
				err = n < 0 ? errno : ENOSPC;
				break;
			}
			chunks++;
		}
		close(fd);
	}
	printf("files-system: filled %lu KiB, then %s\n", chunks * 64,
	       err == ENOSPC ? "ENOSPC" : strerror(err));
	for (i = 0; i < chunks; i++) {
		if (i % 16 == 0) {
			close(fd);
			snprintf(name, sizeof(name), "/tmp/fill%lu", i / 16);
			fd = open(name, O_RDONLY);
		}
		fill(i);
		if (read(fd, back, CHUNK) != CHUNK ||
		    memcmp(back, chunk, CHUNK))
			bad++;
	}
	close(fd);
	while (nfiles--) {
		snprintf(name, sizeof(name), "/tmp/fill%d", nfiles);
		unlink(name);
	}
	printf("files-system: read back %lu chunks, %lu bad\n", chunks, bad);
}

#define THREADS 4
#define ROUNDS 200

/* Each thread creates, writes, renames, reads back and removes files. */
static void *churn(void *arg)
{
	long id = (long)arg, bad = 0;
	char name[32], dst[32], buf[64], want[64];
	int i, fd;

	snprintf(name, sizeof(name), "/tmp/churn%ld", id);
	mkdir(name, 0755);
	for (i = 0; i < ROUNDS; i++) {
		snprintf(name, sizeof(name), "/tmp/churn%ld/f%d", id, i);
		snprintf(dst, sizeof(dst), "/tmp/churn%ld/g%d", id, i);
		snprintf(want, sizeof(want), "thread %ld round %d", id, i);
		fd = open(name, O_CREAT | O_EXCL | O_WRONLY, 0644);
		if (fd < 0 || write(fd, want, strlen(want)) < 0)
			bad++;
		close(fd);
		if (rename(name, dst))
			bad++;
		fd = open(dst, O_RDONLY);
		memset(buf, 0, sizeof(buf));
		if (fd < 0 || read(fd, buf, sizeof(buf)) < 0 ||
		    strcmp(buf, want))
			bad++;
		close(fd);
		if (unlink(dst))
			bad++;
	}
	snprintf(name, sizeof(name), "/tmp/churn%ld", id);
	if (rmdir(name))
		bad++;
	return (void *)bad;
}

/* Threads on several CPUs work on the namespace at once. */
static void concurrent(void)
{
	pthread_t t[THREADS];
	long bad = 0, i;
	void *r;

	for (i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, churn, (void *)i);
	for (i = 0; i < THREADS; i++) {
		pthread_join(t[i], &r);
		bad += (long)r;
	}
	printf("files-system: %d threads x %d rounds, %ld errors\n", THREADS,
	       ROUNDS, bad);
}

int main(void)
{
	config();
	proc();
	proc_self();
	concurrent();
	fill_until_enospc();
	printf("files-system: done\n");
	return 0;
}
