/* Registers the socket system calls of posix/socket with core/syscall. */
#include <uk/socket.h>
#include <uk/syscall.h>

static long sys_socket(long family, long type, long protocol,
		       long a4 __unused, long a5 __unused, long a6 __unused)
{
	return uk_sys_socket((int)family, (int)type, (int)protocol);
}
UK_SYSCALL_REGISTER(SYS_socket, sys_socket);

static long sys_socketpair(long family, long type, long protocol, long sv,
			   long a5 __unused, long a6 __unused)
{
	return uk_sys_socketpair((int)family, (int)type, (int)protocol,
				 (int *)sv);
}
UK_SYSCALL_REGISTER(SYS_socketpair, sys_socketpair);

static long sys_accept(long fd, long addr, long addr_len, long a4 __unused,
		       long a5 __unused, long a6 __unused)
{
	return uk_sys_accept((int)fd, (struct sockaddr *)addr,
			     (socklen_t *)addr_len);
}
UK_SYSCALL_REGISTER(SYS_accept, sys_accept);

static long sys_accept4(long fd, long addr, long addr_len, long flags,
			long a5 __unused, long a6 __unused)
{
	return uk_sys_accept4((int)fd, (struct sockaddr *)addr,
			      (socklen_t *)addr_len, (int)flags);
}
UK_SYSCALL_REGISTER(SYS_accept4, sys_accept4);

static long sys_bind(long fd, long addr, long addr_len, long a4 __unused,
		     long a5 __unused, long a6 __unused)
{
	return uk_sys_bind((int)fd, (const struct sockaddr *)addr,
			   (socklen_t)addr_len);
}
UK_SYSCALL_REGISTER(SYS_bind, sys_bind);

static long sys_connect(long fd, long addr, long addr_len, long a4 __unused,
			long a5 __unused, long a6 __unused)
{
	return uk_sys_connect((int)fd, (const struct sockaddr *)addr,
			      (socklen_t)addr_len);
}
UK_SYSCALL_REGISTER(SYS_connect, sys_connect);

static long sys_listen(long fd, long backlog, long a3 __unused,
		       long a4 __unused, long a5 __unused, long a6 __unused)
{
	return uk_sys_listen((int)fd, (int)backlog);
}
UK_SYSCALL_REGISTER(SYS_listen, sys_listen);

static long sys_shutdown(long fd, long how, long a3 __unused,
			 long a4 __unused, long a5 __unused, long a6 __unused)
{
	return uk_sys_shutdown((int)fd, (int)how);
}
UK_SYSCALL_REGISTER(SYS_shutdown, sys_shutdown);

static long sys_getsockname(long fd, long addr, long addr_len,
			    long a4 __unused, long a5 __unused,
			    long a6 __unused)
{
	return uk_sys_getsockname((int)fd, (struct sockaddr *)addr,
				  (socklen_t *)addr_len);
}
UK_SYSCALL_REGISTER(SYS_getsockname, sys_getsockname);

static long sys_getpeername(long fd, long addr, long addr_len,
			    long a4 __unused, long a5 __unused,
			    long a6 __unused)
{
	return uk_sys_getpeername((int)fd, (struct sockaddr *)addr,
				  (socklen_t *)addr_len);
}
UK_SYSCALL_REGISTER(SYS_getpeername, sys_getpeername);

static long sys_getsockopt(long fd, long level, long optname, long optval,
			   long optlen, long a6 __unused)
{
	return uk_sys_getsockopt((int)fd, (int)level, (int)optname,
				 (void *)optval, (socklen_t *)optlen);
}
UK_SYSCALL_REGISTER(SYS_getsockopt, sys_getsockopt);

static long sys_setsockopt(long fd, long level, long optname, long optval,
			   long optlen, long a6 __unused)
{
	return uk_sys_setsockopt((int)fd, (int)level, (int)optname,
				 (const void *)optval, (socklen_t)optlen);
}
UK_SYSCALL_REGISTER(SYS_setsockopt, sys_setsockopt);

/* musl's send() and recv() come here with NULL addresses. */
static long sys_sendto(long fd, long buf, long len, long flags, long dest,
		       long dest_len)
{
	return uk_sys_sendto((int)fd, (const void *)buf, (size_t)len,
			     (int)flags, (const struct sockaddr *)dest,
			     (socklen_t)dest_len);
}
UK_SYSCALL_REGISTER(SYS_sendto, sys_sendto);

static long sys_recvfrom(long fd, long buf, long len, long flags, long src,
			 long src_len)
{
	return uk_sys_recvfrom((int)fd, (void *)buf, (size_t)len, (int)flags,
			       (struct sockaddr *)src, (socklen_t *)src_len);
}
UK_SYSCALL_REGISTER(SYS_recvfrom, sys_recvfrom);

static long sys_sendmsg(long fd, long msg, long flags, long a4 __unused,
			long a5 __unused, long a6 __unused)
{
	return uk_sys_sendmsg((int)fd, (const struct msghdr *)msg, (int)flags);
}
UK_SYSCALL_REGISTER(SYS_sendmsg, sys_sendmsg);

static long sys_recvmsg(long fd, long msg, long flags, long a4 __unused,
			long a5 __unused, long a6 __unused)
{
	return uk_sys_recvmsg((int)fd, (struct msghdr *)msg, (int)flags);
}
UK_SYSCALL_REGISTER(SYS_recvmsg, sys_recvmsg);
