/*
 * Tessera replacement for musl's arch/$ARCH/syscall_arch.h (x86_64 and
 * aarch64): a system call is a plain function call into the kernel's
 * dispatcher, uk_syscall6() in core/syscall, never a `syscall` or `svc`
 * instruction. uk_syscall6 returns the result or -errno, as Linux does.
 */

/* 64-bit arguments take one register on both architectures. */
#define __SYSCALL_LL_E(x) (x)
#define __SYSCALL_LL_O(x) (x)

long uk_syscall6(long, long, long, long, long, long, long);

static __inline long __syscall0(long n)
{
	return uk_syscall6(n, 0, 0, 0, 0, 0, 0);
}

static __inline long __syscall1(long n, long a)
{
	return uk_syscall6(n, a, 0, 0, 0, 0, 0);
}

static __inline long __syscall2(long n, long a, long b)
{
	return uk_syscall6(n, a, b, 0, 0, 0, 0);
}

static __inline long __syscall3(long n, long a, long b, long c)
{
	return uk_syscall6(n, a, b, c, 0, 0, 0);
}

static __inline long __syscall4(long n, long a, long b, long c, long d)
{
	return uk_syscall6(n, a, b, c, d, 0, 0);
}

static __inline long __syscall5(long n, long a, long b, long c, long d, long e)
{
	return uk_syscall6(n, a, b, c, d, e, 0);
}

static __inline long __syscall6(long n, long a, long b, long c, long d, long e,
				long f)
{
	return uk_syscall6(n, a, b, c, d, e, f);
}

/*
 * No vDSO: VDSO_USEFUL stays undefined, so clock_gettime and getcpu go
 * through the dispatcher too (musl's originals define VDSO_CGT_SYM etc.).
 */

/* As musl's originals for x86_64 and aarch64: IPC without IPC_64. */
#define IPC_64 0
