/*
 * /init of the Linux VM baseline (bench/apps/linux_vm_apps.sh): loads the
 * kernel modules listed in /etc/modules (virtio and virtio-net: Debian
 * builds them as modules), configures the NIC as Tessera's images do on
 * QEMU's user network (10.0.2.15/24; lo up), then runs the program whose
 * arguments are the lines of /etc/init.args and powers the machine off
 * when it ends. Linked statically with musl; no shell, no busybox.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void load_modules(void)
{
	char line[256];
	FILE *f = fopen("/etc/modules", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		int fd;

		line[strcspn(line, "\n")] = 0;
		if (!line[0])
			continue;
		fd = open(line, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || syscall(SYS_finit_module, fd, "", 0) < 0)
			perror(line);
		if (fd >= 0)
			close(fd);
	}
	fclose(f);
}

static void ifup(int s, const char *name, const char *addr, const char *mask)
{
	struct ifreq ifr = { 0 };
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;

	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	if (addr) {
		sin->sin_family = AF_INET;
		inet_pton(AF_INET, addr, &sin->sin_addr);
		if (ioctl(s, SIOCSIFADDR, &ifr) < 0)
			perror("SIOCSIFADDR");
		inet_pton(AF_INET, mask, &sin->sin_addr);
		if (ioctl(s, SIOCSIFNETMASK, &ifr) < 0)
			perror("SIOCSIFNETMASK");
	}
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0) {
		perror(name);
		return;
	}
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
		perror(name);
}

static char **read_args(void)
{
	static char *argv[64];
	static char buf[4096];
	int argc = 0, fd = open("/etc/init.args", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	char *p = buf;

	if (n <= 0)
		return NULL;
	buf[n] = 0;
	while (*p && argc < 63) {
		argv[argc++] = p;
		p += strcspn(p, "\n");
		if (*p)
			*p++ = 0;
	}
	argv[argc] = NULL;
	return argv;
}

int main(void)
{
	char **argv;
	pid_t pid;
	int s;

	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	mkdir("/tmp", 01777);
	mkdir("/run", 0755);
	load_modules();
	s = socket(AF_INET, SOCK_DGRAM, 0);
	ifup(s, "lo", NULL, NULL);
	ifup(s, "eth0", "10.0.2.15", "255.255.255.0");
	close(s);
	argv = read_args();
	if (!argv) {
		fprintf(stderr, "init: no /etc/init.args\n");
	} else {
		pid = fork();
		if (pid == 0) {
			execv(argv[0], argv);
			perror(argv[0]);
			_exit(127);
		}
		while (pid > 0 && waitpid(pid, NULL, 0) < 0)
			;
	}
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
