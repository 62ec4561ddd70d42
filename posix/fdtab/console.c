/*
 * stdin, stdout and stderr: one open file on the platform console,
 * installed at fds 0, 1 and 2 at boot (as a terminal's three fds share one
 * open file on Linux). Input comes by the console's receive interrupt
 * into a buffer: read(2) blocks for it and poll/epoll are woken by it.
 * A small line discipline makes it behave like a Linux terminal in its
 * default mode: Enter (CR) ends a line (ICRNL), read(2) returns whole
 * lines (ICANON) with erase and end-of-file characters, and input is
 * echoed (ECHO); tcsetattr() can turn these off (raw input).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <uk/console_file.h>
#include <uk/fdtab.h>
#include <uk/init.h>
#include <uk/plat/console.h>
#include <uk/plat/lcpu.h>
#include <uk/print.h>
#include <uk/spinlock.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include <uk/wait.h>

/* ukplat_coutk and ukplat_cink take an unsigned int length. */
#define CONSOLE_CHUNK ((size_t)1 << 30)
/* Input kept until read: a few lines typed ahead. */
#define CONSOLE_IN_SIZE 1024
/* Input bytes taken from the device, and echoed, at a time. */
#define CONSOLE_ECHO_MAX 64

/*
 * Input taken from the console, waiting for read(2): a ring of in_len
 * bytes from in_head, of which the first in_ready can be read (complete
 * lines in canonical mode; all of them otherwise); in_eof: an end-of-file
 * character came on an empty line. All under console_lock with IRQs off,
 * since the receive interrupt fills the ring, and so is console_tio.
 */
static struct uk_spinlock console_lock;
static char console_in[CONSOLE_IN_SIZE];
static unsigned int in_head, in_len, in_ready;
static bool in_eof;
/* Bytes dropped because the ring was full. */
static unsigned long in_dropped;
/* Input arrives by interrupt (else it is polled: read never blocks). */
static bool console_irq;
/* Counts receive interrupts; readers and the poll thread wait here. */
static unsigned long in_arrivals;
static struct uk_waitq console_wq = UK_WAITQ_INIT(console_wq);
/* The first poll of the console starts a thread: see console_poll. */
static bool console_poll_started;

/*
 * The terminal settings; of them, ICRNL, ICANON, ECHO, ECHOE, VERASE and
 * VEOF act on input, the rest are only kept for tcgetattr().
 */
static struct termios console_tio = {
	.c_iflag = ICRNL,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B115200 | CS8 | CREAD,
	.c_lflag = ICANON | ECHO | ECHOE,
	.c_cc = { [VERASE] = 0x7f, [VEOF] = 0x04, [VMIN] = 1 },
};

static struct uk_file console_file;

/* Adds one input byte through the line discipline; echoes into echo. */
static void in_put_locked(char c, char *echo, unsigned int *nech)
{
	const tcflag_t lflag = console_tio.c_lflag;

	if (c == '\r' && (console_tio.c_iflag & ICRNL))
		c = '\n';
	if (lflag & ICANON) {
		if (c == (char)console_tio.c_cc[VERASE] || c == '\b') {
			if (in_len > in_ready) {
				in_len--;
				if ((lflag & (ECHO | ECHOE)) ==
					    (ECHO | ECHOE) &&
				    *nech + 3 <= CONSOLE_ECHO_MAX) {
					memcpy(echo + *nech, "\b \b", 3);
					*nech += 3;
				}
			}
			return;
		}
		if (c == (char)console_tio.c_cc[VEOF]) {
			if (in_len > in_ready)
				in_ready = in_len;
			else
				in_eof = true;
			return;
		}
	}
	if (in_len == CONSOLE_IN_SIZE) {
		in_dropped++;
		/* A line longer than the ring: let readers have it. */
		in_ready = in_len;
		return;
	}
	console_in[(in_head + in_len) % CONSOLE_IN_SIZE] = c;
	in_len++;
	if ((lflag & ECHO) && *nech < CONSOLE_ECHO_MAX)
		echo[(*nech)++] = c;
	if (!(lflag & ICANON) || c == '\n')
		in_ready = in_len;
}

/* Moves pending console input into the ring and echoes it. */
static void in_fill_locked(void)
{
	char buf[CONSOLE_ECHO_MAX], echo[CONSOLE_ECHO_MAX];
	unsigned int nech;
	int n, i;

	do {
		n = ukplat_cink(buf, sizeof(buf));
		nech = 0;
		for (i = 0; i < n; i++)
			in_put_locked(buf[i], echo, &nech);
		if (nech)
			ukplat_coutk(echo, nech);
	} while (n == (int)sizeof(buf));
}

/*
 * Takes up to len readable bytes; in canonical mode at most one line, as
 * a terminal gives. Returns the count, or 0 for end of file (*eof).
 */
static size_t in_take_locked(char *buf, size_t len, bool *eof)
{
	const bool canon = console_tio.c_lflag & ICANON;
	size_t n = 0;
	char c;

	*eof = false;
	if (!in_ready && in_eof) {
		in_eof = false;
		*eof = true;
		return 0;
	}
	while (n < len && in_ready) {
		c = console_in[in_head];
		buf[n++] = c;
		in_head = (in_head + 1) % CONSOLE_IN_SIZE;
		in_len--;
		in_ready--;
		if (canon && c == '\n')
			break;
	}
	return n;
}

static bool in_pending(void)
{
	return __atomic_load_n(&in_ready, __ATOMIC_ACQUIRE) != 0 ||
	       __atomic_load_n(&in_eof, __ATOMIC_ACQUIRE);
}

/* The receive interrupt (IRQs off). */
static void console_rx(void *arg __unused)
{
	uk_spin_lock(&console_lock);
	in_fill_locked();
	uk_spin_unlock(&console_lock);
	__atomic_add_fetch(&in_arrivals, 1, __ATOMIC_RELEASE);
	uk_waitq_wake_up(&console_wq);
}

static ssize_t console_write(struct uk_file *f __unused, const void *buf,
			     size_t len)
{
	const char *p = buf;
	size_t done = 0;

	while (done < len)
		done += (size_t)ukplat_coutk(
			p + done,
			(unsigned int)UK_MIN(len - done, CONSOLE_CHUNK));
	return (ssize_t)done;
}

/*
 * Blocks until input is there (a whole line in canonical mode), unless
 * O_NONBLOCK; then returns up to len bytes of it. Without a receive
 * interrupt, input is only polled, and an empty console gives -EAGAIN
 * even without O_NONBLOCK.
 */
static ssize_t console_read(struct uk_file *f, void *buf, size_t len)
{
	static unsigned long reported;
	unsigned long flags, dropped;
	bool eof;
	size_t n;

	if (!len)
		return 0;
	for (;;) {
		flags = uk_spin_lock_irqsave(&console_lock);
		if (!console_irq)
			in_fill_locked();
		n = in_take_locked(buf, len, &eof);
		dropped = in_dropped;
		uk_spin_unlock_irqrestore(&console_lock, flags);
		if (dropped != reported) {
			reported = dropped;
			uk_pr_warn("console: %lu input bytes dropped so far "
				   "(input buffer full)\n",
				   dropped);
		}
		if (n || eof)
			return (ssize_t)n;
		if (!console_irq || (f->flags & O_NONBLOCK))
			return -EAGAIN;
		/* A signal: restarted after its handler with SA_RESTART. */
		if (uk_waitq_wait_event_deadline_intr(&console_wq, in_pending(),
						      0))
			return -UK_ERESTARTSYS;
	}
}

/*
 * Thread context for the receive interrupt's news: poll chains must be
 * woken from a thread (<uk/file.h>), the interrupt only wakes this one.
 */
static void console_poll_main(void *arg __unused)
{
	unsigned long seen = 0, now;

	for (;;) {
		uk_waitq_wait_event(&console_wq,
				    __atomic_load_n(&in_arrivals,
						    __ATOMIC_ACQUIRE) != seen);
		now = __atomic_load_n(&in_arrivals, __ATOMIC_ACQUIRE);
		if (now != seen) {
			seen = now;
			uk_file_poll_wake(&console_file, POLLIN | POLLRDNORM);
		}
	}
}

/*
 * Always writable; readable when input is buffered. The first waiter
 * (chain) starts the thread that wakes waiters on new input, so images
 * that never poll the console do not pay for its stack.
 */
static int console_poll(struct uk_file *f __unused, unsigned int *revents,
			struct uk_poll_chain *chain)
{
	unsigned long flags;
	struct uk_thread *t;

	if (chain && console_irq &&
	    !__atomic_exchange_n(&console_poll_started, true,
				 __ATOMIC_ACQ_REL)) {
		t = uk_thread_create("console", console_poll_main, NULL, 0);
		if (UK_PTRISERR(t)) {
			__atomic_store_n(&console_poll_started, false,
					 __ATOMIC_RELEASE);
			return UK_PTR2ERR(t);
		}
	}
	flags = uk_spin_lock_irqsave(&console_lock);
	if (!console_irq)
		in_fill_locked();
	*revents = POLLOUT | POLLWRNORM;
	if (in_ready || in_eof)
		*revents |= POLLIN | POLLRDNORM;
	uk_spin_unlock_irqrestore(&console_lock, flags);
	return 0;
}

/*
 * The console is a terminal: TIOCGWINSZ succeeds, so isatty() holds and
 * musl makes stdout line-buffered (a server's readiness line reaches the
 * console when printed, not at exit); tcgetattr/tcsetattr (TCGETS,
 * TCSETS*) read and change the line discipline; FIONREAD counts the bytes
 * a read would find.
 */
static int console_ioctl(struct uk_file *f __unused, unsigned long req,
			 void *arg)
{
	struct winsize *ws = arg;
	unsigned long flags;

	if (req != TIOCGWINSZ && req != TCGETS && req != TCSETS &&
	    req != TCSETSW && req != TCSETSF && req != FIONREAD)
		return -ENOTTY;
	if (!arg)
		return -EFAULT;
	switch (req) {
	case TIOCGWINSZ:
		ws->ws_row = 24;
		ws->ws_col = 80;
		ws->ws_xpixel = 0;
		ws->ws_ypixel = 0;
		return 0;
	case TCGETS:
		flags = uk_spin_lock_irqsave(&console_lock);
		memcpy(arg, &console_tio, sizeof(console_tio));
		uk_spin_unlock_irqrestore(&console_lock, flags);
		return 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		flags = uk_spin_lock_irqsave(&console_lock);
		memcpy(&console_tio, arg, sizeof(console_tio));
		if (req == TCSETSF)
			in_len = in_ready = 0;
		/* Leaving canonical mode makes a partial line readable. */
		if (!(console_tio.c_lflag & ICANON))
			in_ready = in_len;
		uk_spin_unlock_irqrestore(&console_lock, flags);
		/* Readiness may have changed: tell readers and pollers. */
		__atomic_add_fetch(&in_arrivals, 1, __ATOMIC_RELEASE);
		uk_waitq_wake_up(&console_wq);
		return 0;
	default: /* FIONREAD */
		flags = uk_spin_lock_irqsave(&console_lock);
		*(int *)arg = (int)in_ready;
		uk_spin_unlock_irqrestore(&console_lock, flags);
		return 0;
	}
}

/* A terminal, as /dev/console is on Linux (character device 5:1). */
static int console_stat(struct uk_file *f __unused, struct stat *st)
{
	st->st_mode = S_IFCHR | 0600;
	st->st_nlink = 1;
	st->st_rdev = (5 << 8) | 1;
	st->st_blksize = 1024;
	return 0;
}

static const struct uk_file_ops console_ops = {
	.read = console_read,
	.write = console_write,
	.ioctl = console_ioctl,
	.poll = console_poll,
	.stat = console_stat,
};

struct uk_file *uk_console_file(void)
{
	uk_file_acquire(&console_file);
	return &console_file;
}

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
	ret = ukplat_cin_irq_enable(console_rx, NULL);
	if (ret)
		uk_pr_warn(
			"console: no input interrupt (%d): stdin is polled\n",
			ret);
	else
		console_irq = true;
	return 0;
}
uk_lib_initcall(posix_fdtab_console_init);
