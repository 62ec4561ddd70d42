/*
 * Console input as a program sees it on a terminal: a blocking read(2) of
 * stdin waits for a whole line, poll(2) with no timeout wakes when the
 * next line arrives, stdio's fgets reads a line ended by Enter (CR) and
 * edited with backspace, Ctrl-D on an empty line is end of file, and with
 * ICANON off (raw mode) read returns single keys. stdin_test.sh types the
 * input once the program says it waits for it.
 */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

int main(void)
{
	struct pollfd p = { .fd = 0, .events = POLLIN };
	char buf[64];
	ssize_t n;
	int rc;

	printf("waiting in read\n");
	n = read(0, buf, sizeof(buf) - 1);
	if (n <= 0) {
		perror("read");
		return 1;
	}
	buf[n] = '\0';
	printf("read %zd bytes: %s", n, buf);

	printf("waiting in poll\n");
	rc = poll(&p, 1, -1);
	printf("poll: %d, revents 0x%x\n", rc, p.revents);
	if (rc != 1 || !(p.revents & POLLIN))
		return 2;
	n = read(0, buf, sizeof(buf) - 1);
	if (n <= 0)
		return 3;
	buf[n] = '\0';
	printf("after poll %zd bytes: %s", n, buf);

	printf("waiting in fgets\n");
	if (!fgets(buf, sizeof(buf), stdin))
		return 4;
	printf("fgets: %s", buf);

	printf("waiting for end of file\n");
	n = read(0, buf, sizeof(buf));
	printf("end of file: read %zd\n", n);
	if (n != 0)
		return 5;

	struct termios t;

	if (tcgetattr(0, &t))
		return 6;
	t.c_lflag &= ~(ICANON | ECHO);
	if (tcsetattr(0, TCSANOW, &t))
		return 7;
	printf("waiting in raw mode\n");
	n = read(0, buf, sizeof(buf));
	printf("raw read %zd byte(s): %c\n", n, n > 0 ? buf[0] : '?');
	return n == 1 ? 0 : 8;
}
