/*
 * The namespace at boot: a ramfs at "/" holding the image's root file
 * system (the archive a uk_rootfs target links in, see tools/rootfs.bzl),
 * /tmp, devfs at /dev and procfs at /proc.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <uk/console_file.h>
#include <uk/cpio.h>
#include <uk/devfs.h>
#include <uk/fdtab.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/procfs.h>
#include <uk/ramfs.h>
#include <uk/vfs.h>

/* The archive of a uk_rootfs target; both 0 in an image without one. */
extern const char uk_rootfs_start[] __weak;
extern const char uk_rootfs_end[] __weak;

/* Fills "/" from the archive; a bad archive stops the boot. */
static int root_extract(void)
{
	size_t len = (size_t)(uk_rootfs_end - uk_rootfs_start);
	struct uk_cpio_error err;
	int fd, ret;

	if (!len)
		return 0;
	fd = uk_sys_open("/", O_RDONLY | O_DIRECTORY, 0);
	if (fd < 0)
		return fd;
	ret = uk_cpio_extract(uk_rootfs_start, len, fd, &err);
	uk_sys_close(fd);
	if (ret)
		uk_pr_err("rootfs: bad archive entry at offset %lu: %s (%d)\n",
			  (unsigned long)err.offset, err.reason, ret);
	else
		uk_pr_info("rootfs: %lu bytes extracted to /\n",
			   (unsigned long)len);
	return ret;
}

static int posix_fs_root_init(void)
{
	int ret;

	ret = uk_ramfs_mount("/", 0);
	if (ret) {
		uk_pr_err("vfs: cannot mount the root ramfs: %d\n", ret);
		return ret;
	}
	ret = root_extract();
	if (ret)
		return ret;
	ret = uk_sys_mkdir("/tmp", 01777);
	if (ret && ret != -EEXIST)
		uk_pr_warn("vfs: cannot create /tmp: %d\n", ret);
	ret = uk_sys_mkdir("/dev", 0755);
	if (!ret || ret == -EEXIST)
		ret = uk_devfs_mount("/dev", uk_console_file);
	if (ret)
		uk_pr_warn("vfs: cannot mount devfs at /dev: %d\n", ret);
	ret = uk_sys_mkdir("/proc", 0555);
	if (!ret || ret == -EEXIST)
		ret = uk_procfs_mount("/proc");
	if (ret)
		uk_pr_warn("vfs: cannot mount procfs at /proc: %d\n", ret);
	return 0;
}
uk_lib_initcall(posix_fs_root_init);
