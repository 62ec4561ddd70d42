/*
 * Fuzz target: the vfs.mount= value parser (posix/fs/mount_opt.c) on any
 * bytes, checked against its contract: on success every field is a
 * non-empty string that fits, the path is absolute, the type is 9pfs or
 * ramfs, and no field holds a ':'.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uk/mount_opt.h>

static void check_field(const char *f, size_t cap)
{
	size_t n = strnlen(f, cap);

	if (!n || n == cap || strchr(f, ':'))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *value = malloc(size + 1);
	struct uk_mount_opt o;

	if (!value)
		return 0;
	memcpy(value, data, size);
	value[size] = '\0';
	if (!uk_mount_opt_parse(value, &o)) {
		check_field(o.source, sizeof(o.source));
		check_field(o.path, sizeof(o.path));
		check_field(o.fstype, sizeof(o.fstype));
		if (o.path[0] != '/' ||
		    (strcmp(o.fstype, "9pfs") && strcmp(o.fstype, "ramfs")))
			abort();
	}
	free(value);
	return 0;
}
