/*
 * stdin, stdout and stderr: one open file on the platform console,
 * installed at fds 0, 1 and 2 at boot (as a terminal's three fds share one
 * open file on Linux).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <uk/fdtab.h>
#include <uk/init.h>
#include <uk/plat/console.h>
#include <uk/spinlock.h>

/* ukplat_coutk and ukplat_cink take an unsigned int length. */
#define CONSOLE_CHUNK ((size_t)1 << 30)

/*
 * One byte read ahead by poll, since the console cannot be asked whether
 * input is pending without consuming it. Under console_lock.
 */
static struct uk_spinlock console_lock;
static int console_ahead = -1;

static ssize_t console_write(struct uk_file *f __unused, const void *buf,
			     size_t len)
{
	const char *p = buf;
	size_t done = 0;

	while (done < len)
		done += (size_t)ukplat_coutk(
			p + done, (unsigned int)UK_MIN(len - done, CONSOLE_CHUNK));
	return (ssize_t)done;
}

/*
 * Returns what is pending without blocking: the console has no input
 * interrupt yet, so an empty console gives -EAGAIN even without
 * O_NONBLOCK.
 */
static ssize_t console_read(struct uk_file *f __unused, void *buf,
			    size_t len)
{
	char *p = buf;
	size_t off = 0;
	int n;

	if (!len)
		return 0;
	uk_spin_lock(&console_lock);
	if (console_ahead >= 0) {
		p[off++] = (char)console_ahead;
		console_ahead = -1;
	}
	n = ukplat_cink(p + off,
			(unsigned int)UK_MIN(len - off, CONSOLE_CHUNK));
	uk_spin_unlock(&console_lock);
	if (n > 0)
		off += (size_t)n;
	return off ? (ssize_t)off : -EAGAIN;
}

/*
 * Always writable; readable when a byte is pending. Chains are linked but
 * never woken: the console has no input interrupt to tell of new input.
 */
static int console_poll(struct uk_file *f __unused, unsigned int *revents,
			struct uk_poll_chain *chain __unused)
{
	char c;

	uk_spin_lock(&console_lock);
	if (console_ahead < 0 && ukplat_cink(&c, 1) == 1)
		console_ahead = (unsigned char)c;
	*revents = POLLOUT | POLLWRNORM;
	if (console_ahead >= 0)
		*revents |= POLLIN | POLLRDNORM;
	uk_spin_unlock(&console_lock);
	return 0;
}

/*
 * The console is a terminal: TIOCGWINSZ succeeds, so isatty() holds and
 * musl makes stdout line-buffered (a server's readiness line reaches the
 * console when printed, not at exit).
 */
static int console_ioctl(struct uk_file *f __unused, unsigned long req,
			 void *arg)
{
	struct winsize *ws = arg;

	if (req != TIOCGWINSZ)
		return -ENOTTY;
	if (!ws)
		return -EFAULT;
	ws->ws_row = 24;
	ws->ws_col = 80;
	ws->ws_xpixel = 0;
	ws->ws_ypixel = 0;
	return 0;
}

static const struct uk_file_ops console_ops = {
	.read = console_read,
	.write = console_write,
	.ioctl = console_ioctl,
	.poll = console_poll,
};

static struct uk_file console_file;

static int posix_fdtab_console_init(void)
{
	int fd, ret;

	uk_file_init(&console_file, &console_ops, O_RDWR, NULL);
	for (fd = 0; fd <= 2; fd++) {
		ret = uk_fdtab_install_at(fd, &console_file, 0);
		if (ret < 0)
			return ret;
	}
	/* The fds hold the file now; it is static, so never released. */
	uk_file_release(&console_file);
	return 0;
}
uk_lib_initcall(posix_fdtab_console_init);
