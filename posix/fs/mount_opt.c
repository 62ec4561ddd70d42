/* Parsing vfs.mount= values (see <uk/mount_opt.h>). */
#include <errno.h>
#include <string.h>
#include <uk/mount_opt.h>

/*
 * Copies the field at *p up to the next ':' (or the end) into out (cap
 * bytes with the NUL) and moves *p past the ':'. False when the field is
 * empty or does not fit.
 */
static bool field(const char **p, char *out, size_t cap)
{
	const char *s = *p, *end = strchr(s, ':');
	size_t len = end ? (size_t)(end - s) : strlen(s);

	if (!len || len >= cap)
		return false;
	memcpy(out, s, len);
	out[len] = '\0';
	*p = end ? end + 1 : s + len;
	return true;
}

int uk_mount_opt_parse(const char *value, struct uk_mount_opt *out)
{
	const char *p = value;
	char opt[4];

	if (!value || !out)
		return -EINVAL;
	out->rdonly = false;
	if (!field(&p, out->source, sizeof(out->source)) || !*p ||
	    !field(&p, out->path, sizeof(out->path)) || !*p ||
	    !field(&p, out->fstype, sizeof(out->fstype)))
		return -EINVAL;
	if (out->path[0] != '/')
		return -EINVAL;
	if (!strcmp(out->fstype, "9p"))
		strcpy(out->fstype, "9pfs");
	if (strcmp(out->fstype, "9pfs") && strcmp(out->fstype, "ramfs"))
		return -EINVAL;
	if (p[-1] != ':')
		return 0;
	if (!field(&p, opt, sizeof(opt)) || *p || p[-1] == ':')
		return -EINVAL;
	if (!strcmp(opt, "ro"))
		out->rdonly = true;
	else if (strcmp(opt, "rw"))
		return -EINVAL;
	return 0;
}

int uk_mount_9p_data(const char *data, char aname[UK_MOUNT_9P_ANAME])
{
	const char *p = data, *end;
	size_t len;

	aname[0] = '\0';
	while (p && *p) {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		if (len > 6 && !strncmp(p, "trans=", 6) &&
		    (len != 12 || strncmp(p + 6, "virtio", 6)))
			return -EINVAL;
		if (len >= 6 && !strncmp(p, "aname=", 6)) {
			if (len - 6 >= UK_MOUNT_9P_ANAME)
				return -EINVAL;
			memcpy(aname, p + 6, len - 6);
			aname[len - 6] = '\0';
		}
		p = end ? end + 1 : NULL;
	}
	return 0;
}
