/*
 * Boot-time mounts from the kernel command line: every vfs.mount= word
 * (syntax in <uk/mount_opt.h>) mounts a host share (9pfs over a virtio-9p
 * device with that mount tag) or a fresh ramfs, creating the mount point
 * and its parents when missing. A mount that fails is reported and the
 * boot goes on without it. mount(2) of type "9p" mounts a share too
 * (uk_vfs_mount_share, which mount_sys.c calls).
 *
 * A device serves one mount: a second one would restart the 9P session
 * (Tversion) under the first. As the transport must outlive its file
 * system, a device stays taken after umount2 (mount(2): EBUSY).
 */
#include <sys/stat.h>
#include <errno.h>
#include <string.h>
#include <uk/9pdev.h>
#include <uk/9pfs.h>
#include <uk/alloc.h>
#include <uk/argparse.h>
#include <uk/boot.h>
#include <uk/init.h>
#include <uk/mount_opt.h>
#include <uk/print.h>
#include <uk/ramfs.h>
#include <uk/vfs.h>

#define MOUNT_OPT_KEY "vfs.mount="
#define MAX_WORDS 64

/* A uk_9p_transport over a registered 9P device. */
struct share {
	struct uk_9p_transport t;
	struct uk_9pdev *dev;
};

static long share_request(struct uk_9p_transport *t, const void *tx,
			  size_t txlen, void *rx, size_t rxcap)
{
	struct share *s = uk_container_of(t, struct share, t);

	return s->dev->request(s->dev, tx, txlen, rx, rxcap);
}

/* The devices mounted so far (under the VFS lock). */
static struct uk_9pdev *taken[UK_9PDEV_MAX];

/* Takes dev for a mount: false if it is taken already. VFS lock held. */
static bool dev_take(struct uk_9pdev *dev)
{
	size_t i, free = UK_9PDEV_MAX;

	for (i = 0; i < UK_9PDEV_MAX; i++) {
		if (taken[i] == dev)
			return false;
		if (!taken[i] && free == UK_9PDEV_MAX)
			free = i;
	}
	taken[free] = dev;
	return true;
}

static void dev_give_back(struct uk_9pdev *dev)
{
	size_t i;

	for (i = 0; i < UK_9PDEV_MAX; i++)
		if (taken[i] == dev)
			taken[i] = NULL;
}

/* Mounts the share with mount tag tag at path: -ENODEV without one. */
static int mount_9pfs(const char *tag, const char *path, const char *aname,
		      unsigned int flags)
{
	struct uk_9pdev *dev = uk_9pdev_find(tag);
	struct share *s;
	int ret;

	if (!dev)
		return -ENODEV;
	s = uk_malloc(uk_alloc_get_default(), sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->t.request = share_request;
	s->t.msize = dev->msize;
	s->dev = dev;
	uk_vfs_lock();
	ret = dev_take(dev) ? uk_9pfs_mount(path, &s->t, aname, flags) : -EBUSY;
	if (ret && ret != -EBUSY)
		dev_give_back(dev);
	uk_vfs_unlock();
	if (ret)
		uk_free(uk_alloc_get_default(), s);
	return ret;
}

int uk_vfs_mount_share(const char *tag, const char *path, unsigned int flags,
		       const char *data)
{
	char aname[UK_MOUNT_9P_ANAME];
	int ret;

	ret = uk_mount_9p_data(data, aname);
	if (ret)
		return ret;
	if (!tag)
		return -EINVAL;
	ret = mount_9pfs(tag, path, aname, flags);
	return ret == -ENODEV ? -ENOENT : ret;
}

/* mkdir -p path (mode 0755 for what it creates). */
static int make_dirs(const char *path)
{
	char buf[UK_MOUNT_OPT_PATH];
	size_t i;
	int ret;

	strcpy(buf, path);
	for (i = 1; buf[i - 1]; i++) {
		if (buf[i] != '/' && buf[i])
			continue;
		buf[i] = '\0';
		ret = uk_sys_mkdir(buf, 0755);
		if (ret && ret != -EEXIST)
			return ret;
		buf[i] = path[i];
	}
	return 0;
}

static int mount_one(const char *value)
{
	struct uk_mount_opt o;
	unsigned int flags;
	int ret;

	ret = uk_mount_opt_parse(value, &o);
	if (ret) {
		uk_pr_err(
			"vfs.mount=%s: expected SOURCE:PATH:9pfs|ramfs[:ro]\n",
			value);
		return ret;
	}
	flags = o.rdonly ? UK_MOUNT_RDONLY : 0;
	ret = make_dirs(o.path);
	if (!ret && !strcmp(o.fstype, "ramfs"))
		ret = uk_ramfs_mount(o.path, flags);
	else if (!ret)
		ret = mount_9pfs(o.source, o.path, "", flags);
	if (ret == -ENODEV)
		uk_pr_err("vfs.mount=%s: no 9P device with tag %s\n", value,
			  o.source);
	else if (ret)
		uk_pr_err("vfs.mount=%s: %d\n", value, ret);
	else
		uk_pr_info("vfs: %s mounted at %s (%s%s)\n", o.source, o.path,
			   o.fstype, o.rdonly ? ", ro" : "");
	return ret;
}

static int vfs_mount_boot(void)
{
	static char line[4096];
	char *argv[MAX_WORDS + 1];
	int argc, i;

	strncpy(line, uk_boot_cmdline(), sizeof(line) - 1);
	argc = uk_argparse(line, argv, MAX_WORDS);
	if (argc < 0)
		argc = MAX_WORDS;
	for (i = 0; i < argc; i++)
		if (!strncmp(argv[i], MOUNT_OPT_KEY, strlen(MOUNT_OPT_KEY)))
			mount_one(argv[i] + strlen(MOUNT_OPT_KEY));
	return 0;
}

/*
 * A system initcall: after the root ramfs (posix/fs:root) and the virtio
 * drivers (both library initcalls), before main().
 */
uk_sys_initcall(vfs_mount_boot);
