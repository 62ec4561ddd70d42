/* The namespace at boot: a ramfs at "/" with /tmp, and devfs at /dev. */
#include <sys/stat.h>
#include <uk/console_file.h>
#include <uk/devfs.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/ramfs.h>
#include <uk/vfs.h>

static int posix_fs_root_init(void)
{
	int ret;

	ret = uk_ramfs_mount("/", 0);
	if (ret) {
		uk_pr_err("vfs: cannot mount the root ramfs: %d\n", ret);
		return ret;
	}
	ret = uk_sys_mkdir("/tmp", 01777);
	if (ret)
		uk_pr_warn("vfs: cannot create /tmp: %d\n", ret);
	ret = uk_sys_mkdir("/dev", 0755);
	if (!ret)
		ret = uk_devfs_mount("/dev", uk_console_file);
	if (ret)
		uk_pr_warn("vfs: cannot mount devfs at /dev: %d\n", ret);
	return 0;
}
uk_lib_initcall(posix_fs_root_init);
