/*
 * Packs a root file system into a cpio archive in the "newc" format
 * (what Linux's initramfs reads), deterministically: entries sorted by
 * path, every parent directory listed before its contents, owner 0:0,
 * mtime 0, inode numbers in order. Nothing of the build machine (paths,
 * times, owners) reaches the archive.
 *
 *   cpio_pack OUT [F SRC DEST MODE | L DEST TARGET]...
 *
 * F: the file SRC becomes DEST (an absolute path in the image) with the
 * octal permission bits MODE; L: DEST is a symbolic link to TARGET.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	/* Without the leading '/'. */
	char *path;
	unsigned int mode;
	/* F: the source file; L: the link target; directories: NULL. */
	const char *data;
	int link;
};

static struct entry *entries;
static size_t nentries;

static void die(const char *msg, const char *arg)
{
	fprintf(stderr, "cpio_pack: %s%s%s\n", msg, arg ? ": " : "",
		arg ? arg : "");
	exit(1);
}

static struct entry *find(const char *path)
{
	size_t i;

	for (i = 0; i < nentries; i++)
		if (!strcmp(entries[i].path, path))
			return &entries[i];
	return NULL;
}

static void add(const char *path, unsigned int mode, const char *data, int link)
{
	struct entry *e = find(path);

	if (e) {
		/* A parent named again as a directory is fine; else a clash. */
		if ((e->mode & 0170000) == 0040000 &&
		    (mode & 0170000) == 0040000)
			return;
		die("two entries for", path);
	}
	entries = realloc(entries, (nentries + 1) * sizeof(*entries));
	if (!entries)
		die("out of memory", NULL);
	e = &entries[nentries++];
	e->path = strdup(path);
	e->mode = mode;
	e->data = data;
	e->link = link;
}

/* Checks DEST and adds its parent directories. Returns it without '/'. */
static const char *dest_path(const char *dest)
{
	char *p, *copy;

	if (dest[0] != '/' || !dest[1] || dest[strlen(dest) - 1] == '/')
		die("destination must be an absolute file path", dest);
	if (strstr(dest, "//") || strstr(dest, "/./") || strstr(dest, "/../") ||
	    !strcmp(strrchr(dest, '/'), "/.") ||
	    !strcmp(strrchr(dest, '/'), "/.."))
		die("destination must be a normalized path", dest);
	copy = strdup(dest + 1);
	for (p = strchr(copy, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		add(copy, 0040755, NULL, 0);
		*p = '/';
	}
	free(copy);
	return dest + 1;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path,
		      ((const struct entry *)b)->path);
}

static void pad(FILE *out, long n)
{
	while (n++ % 4)
		fputc(0, out);
}

static void header(FILE *out, unsigned long ino, unsigned int mode,
		   unsigned long size, const char *name)
{
	unsigned long namesize = strlen(name) + 1;

	fprintf(out,
		"070701%08lX%08X%08X%08X%08X%08X%08lX%08X%08X%08X%08X"
		"%08lX%08X",
		ino, mode, 0, 0, (mode & 0170000) == 0040000 ? 2 : 1, 0, size,
		0, 0, 0, 0, namesize, 0);
	fwrite(name, 1, namesize, out);
	pad(out, 110 + (long)namesize);
}

/* Copies a source file into the archive; returns its size. */
static long copy_file(FILE *out, const char *src)
{
	FILE *in = fopen(src, "rb");
	char buf[65536];
	long total = 0;
	size_t n;

	if (!in)
		die(strerror(errno), src);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
		fwrite(buf, 1, n, out);
		total += (long)n;
	}
	fclose(in);
	return total;
}

static long file_size(const char *src)
{
	FILE *in = fopen(src, "rb");
	long n;

	if (!in || fseek(in, 0, SEEK_END) || (n = ftell(in)) < 0)
		die("cannot read", src);
	fclose(in);
	return n;
}

int main(int argc, char **argv)
{
	unsigned long size;
	unsigned int mode;
	struct entry *e;
	FILE *out;
	char *end;
	int i;

	if (argc < 2)
		die("usage: cpio_pack OUT [F SRC DEST MODE | L DEST TARGET]...",
		    NULL);
	for (i = 2; i < argc;) {
		if (!strcmp(argv[i], "F") && i + 3 < argc) {
			mode = (unsigned int)strtoul(argv[i + 3], &end, 8);
			if (*end || mode > 07777)
				die("bad mode", argv[i + 3]);
			add(dest_path(argv[i + 2]), 0100000 | mode, argv[i + 1],
			    0);
			i += 4;
		} else if (!strcmp(argv[i], "L") && i + 2 < argc) {
			add(dest_path(argv[i + 1]), 0120777, argv[i + 2], 1);
			i += 3;
		} else {
			die("bad argument", argv[i]);
		}
	}
	qsort(entries, nentries, sizeof(*entries), cmp);
	out = fopen(argv[1], "wb");
	if (!out)
		die(strerror(errno), argv[1]);
	for (i = 0; i < (int)nentries; i++) {
		e = &entries[i];
		if (e->link)
			size = strlen(e->data);
		else if (e->data)
			size = (unsigned long)file_size(e->data);
		else
			size = 0;
		header(out, (unsigned long)i + 1, e->mode, size, e->path);
		if (e->link)
			fwrite(e->data, 1, size, out);
		else if (e->data &&
			 (unsigned long)copy_file(out, e->data) != size)
			die("file changed while packing", e->data);
		pad(out, (long)size);
	}
	header(out, 0, 0, 0, "TRAILER!!!");
	if (fclose(out))
		die(strerror(errno), argv[1]);
	return 0;
}
