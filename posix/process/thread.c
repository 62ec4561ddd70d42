/*
 * Threads of the process: creation for musl's __clone on core/sched,
 * thread ids, set_tid_address and gettid, and the end of a thread
 * (CLONE_CHILD_CLEARTID, releasing a detached thread's stack).
 */
/* CLONE_* flags of <sched.h>. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/preempt.h>
#include <uk/process.h>
#include <uk/spinlock.h>
#include <uk/syscall.h>
#include "process_impl.h"

/* The smallest stack a new thread can start on: its first frame and more. */
#define THREAD_STACK_MIN 1024

/* Linux's rules: a thread shares the address space and signal handlers. */
#define CLONE_THREAD_FLAGS (CLONE_VM | CLONE_SIGHAND | CLONE_THREAD)

static struct posix_thread thread_main = {
	.tid = UK_PROCESS_PID,
	.node = UK_LIST_HEAD_INIT(thread_main.node),
	.sigwq = UK_WAITQ_INIT(thread_main.sigwq),
};

/* Live threads, and exited ones whose record and stack are still held. */
static struct uk_list_head thread_live = UK_LIST_HEAD_INIT(thread_live);
static struct uk_list_head thread_dead = UK_LIST_HEAD_INIT(thread_dead);
static struct uk_spinlock thread_lock = UK_SPINLOCK_INITIALIZER;
static unsigned int thread_nlive;
static int thread_next_tid = UK_PROCESS_PID + 1;
/* The main thread's SYS_exit status: the process's if others outlive it. */
static int thread_main_status;

struct posix_thread *posix_thread_current(void)
{
	struct posix_thread *rec;

	rec = posix_can_block() ? uk_thread_current()->priv :
				  posix_lcpu_thread(ukplat_lcpu_idx());
	return rec ? rec : &thread_main;
}

struct posix_thread *posix_thread_main(void)
{
	return &thread_main;
}

bool posix_thread_is_caller(struct posix_thread *rec)
{
	if (!posix_can_block())
		return posix_lcpu_thread(ukplat_lcpu_idx()) == rec;
	return uk_thread_current()->priv == rec;
}

int posix_thread_foreach(int (*fn)(struct posix_thread *rec, void *arg),
			 void *arg)
{
	struct posix_thread *rec;
	int rc = 0;

	uk_spin_lock(&thread_lock);
	uk_list_for_each_entry(rec, &thread_live, node) {
		rc = fn(rec, arg);
		if (rc)
			break;
	}
	uk_spin_unlock(&thread_lock);
	return rc;
}

struct posix_thread *posix_thread_find(int tid)
{
	struct posix_thread *rec, *found = NULL;

	uk_spin_lock(&thread_lock);
	uk_list_for_each_entry(rec, &thread_live, node) {
		if (rec->tid == tid) {
			found = rec;
			break;
		}
	}
	uk_spin_unlock(&thread_lock);
	return found;
}

unsigned int posix_thread_count(void)
{
	return __atomic_load_n(&thread_nlive, __ATOMIC_RELAXED);
}

/*
 * Frees exited threads whose CPU has switched away from their stack for
 * good (a thread on another CPU may still be on its way out): joins the
 * kernel thread, releases the stack mapping and the record.
 */
static void thread_reap(void)
{
	struct posix_thread *rec, *n;
	struct uk_list_head gone = UK_LIST_HEAD_INIT(gone);

	uk_spin_lock(&thread_lock);
	uk_list_for_each_entry_safe(rec, n, &thread_dead, node) {
		if (uk_thread_exited(rec->thread)) {
			uk_list_del(&rec->node);
			uk_list_add_tail(&rec->node, &gone);
		}
	}
	uk_spin_unlock(&thread_lock);
	uk_list_for_each_entry_safe(rec, n, &gone, node) {
		uk_thread_join(rec->thread, NULL);
		if (rec->unmap_base)
			uk_syscall6(UK_SYSCALL_NR_munmap, (long)rec->unmap_base,
				    (long)rec->unmap_size, 0, 0, 0, 0);
		uk_free(uk_alloc_get_default(), rec);
	}
}

/*
 * core/sched's on_gone hook of every posix thread: the thread no longer
 * runs on its stack, so libc may now free it (pthread_join and detached
 * threads wait for the CLONE_CHILD_CLEARTID futex). With threads on
 * several CPUs, clearing it in on_exit let a joiner on another CPU free
 * the stack under the exiting thread.
 */
static void thread_on_gone(struct uk_thread *t)
{
	struct posix_thread *rec = t->priv;

	if (rec->clear_tid) {
		__atomic_store_n(rec->clear_tid, 0, __ATOMIC_RELEASE);
		posix_futex_wake(rec->clear_tid, 1);
	}
}

/* core/sched's on_exit hook of every posix thread, on the exiting thread. */
static void thread_on_exit(struct uk_thread *t)
{
	struct posix_thread *rec = t->priv;

	posix_robust_exit(rec);
	if (rec == &thread_main)
		return;
	rec->thread = t;
	uk_spin_lock(&thread_lock);
	uk_list_add_tail(&rec->node, &thread_dead);
	uk_spin_unlock(&thread_lock);
	thread_reap();
}

void posix_thread_exit(int status)
{
	struct uk_thread *t = uk_thread_current();
	struct posix_thread *rec = t->priv;
	bool last;

	if (!rec)
		uk_thread_exit(status); /* a kernel thread: just that one */
	uk_spin_lock(&thread_lock);
	uk_list_del(&rec->node);
	last = --thread_nlive == 0;
	if (rec == &thread_main)
		thread_main_status = status;
	uk_spin_unlock(&thread_lock);
	if (last)
		posix_process_terminate(thread_main_status);
	uk_thread_exit(status);
}

/* First function of a cloned thread, on its new stack and TLS. */
static void thread_start(void *arg)
{
	struct posix_thread *rec = arg;
	struct uk_thread *t = uk_thread_current();
	int status;

	t->priv = rec;
	rec->thread = t; /* signals interrupt it from now on */
	t->on_exit = thread_on_exit;
	t->on_gone = thread_on_gone;
	/* The creator's affinity: move to an allowed CPU before running. */
	if (rec->affinity)
		uk_thread_set_affinity(t, rec->affinity);

	if (rec->set_tid)
		*rec->set_tid = rec->tid;
	/* rec->fn is the application's (musl's clone child): preemptible. */
	uk_preempt_enable();
	status = rec->fn(rec->arg);
	uk_preempt_disable();
	posix_thread_exit(status);
}

/* Takes the next thread id; thread_lock held. */
static int thread_alloc_tid(void)
{
	int tid = thread_next_tid;

	/* Ids are not reused: 2^31 threads per boot are out of reach. */
	thread_next_tid = tid == INT_MAX ? UK_PROCESS_PID + 1 : tid + 1;
	return tid;
}

int posix_thread_alloc_tid(void)
{
	int tid;

	uk_spin_lock(&thread_lock);
	tid = thread_alloc_tid();
	uk_spin_unlock(&thread_lock);
	return tid;
}

static long thread_clone(unsigned long flags, void *stack_top,
			 size_t stack_size, int (*fn)(void *), void *arg,
			 int *ptid, unsigned long tls, int *ctid)
{
	struct posix_thread *rec;
	struct uk_thread *t;
	int tid;

	if (!(flags & CLONE_THREAD))
		return -ENOSYS; /* one process: no fork, vfork or spawn */
	if ((flags & CLONE_THREAD_FLAGS) != CLONE_THREAD_FLAGS || !fn ||
	    !stack_top || (stack_size && stack_size < THREAD_STACK_MIN))
		return -EINVAL;
	if (!stack_size)
		stack_size = THREAD_STACK_MIN;
	thread_reap();
	rec = uk_calloc(uk_alloc_get_default(), 1, sizeof(*rec));
	if (!rec)
		return -ENOMEM;
	rec->fn = fn;
	rec->arg = arg;
	uk_waitq_init(&rec->sigwq);
	/* Linux: a new thread inherits the creator's signal mask. */
	rec->sigmask = posix_thread_current()->sigmask;
	/* And its CPU affinity, scheduling policy and name. */
	rec->affinity = posix_thread_current()->affinity;
	rec->policy = posix_thread_current()->policy;
	rec->priority = posix_thread_current()->priority;
	memcpy(rec->comm, posix_thread_current()->comm, sizeof(rec->comm));
	if (flags & CLONE_CHILD_SETTID)
		rec->set_tid = ctid;
	if (flags & CLONE_CHILD_CLEARTID)
		rec->clear_tid = ctid;
	uk_spin_lock(&thread_lock);
	tid = rec->tid = thread_alloc_tid();
	uk_list_add_tail(&rec->node, &thread_live);
	thread_nlive++;
	uk_spin_unlock(&thread_lock);
	/* Before the thread can run, as Linux guarantees. */
	if (flags & CLONE_PARENT_SETTID)
		*ptid = tid;
	t = uk_thread_create_on("posix", thread_start, rec,
				(char *)stack_top - stack_size, stack_size,
				flags & CLONE_SETTLS ? tls : ukplat_tlsp_get());
	if (UK_PTRISERR(t)) {
		uk_spin_lock(&thread_lock);
		uk_list_del(&rec->node);
		thread_nlive--;
		uk_spin_unlock(&thread_lock);
		uk_free(uk_alloc_get_default(), rec);
		return UK_PTR2ERR(t);
	}
	t->name = rec->comm;
	/* musl waits on the ctid futex; thread_reap() joins t. */
	return tid;
}

/* musl calls it directly, not through a syscall: kernel code from here. */
long posix_process_clone(unsigned long flags, void *stack_top,
			 size_t stack_size, int (*fn)(void *), void *arg,
			 int *ptid, unsigned long tls, int *ctid)
{
	long rc;

	uk_preempt_disable();
	rc = thread_clone(flags, stack_top, stack_size, fn, arg, ptid, tls,
			  ctid);
	uk_preempt_enable();
	return rc;
}

void posix_process_unmapself(void *base, size_t size)
{
	struct posix_thread *rec;

	/* Called by musl directly: kernel code until the thread is gone. */
	uk_preempt_disable();
	rec = posix_thread_current();

	rec->unmap_base = base;
	rec->unmap_size = size;
	posix_thread_exit(0);
}

/* musl records where to clear the tid; the main thread's id is the pid. */
UK_SYSCALL_DEFINE(long, set_tid_address, long, tidptr)
{
	struct posix_thread *rec = posix_thread_current();

	rec->clear_tid = (int *)tidptr;
	return rec->tid;
}

UK_SYSCALL_DEFINE(long, gettid)
{
	return posix_thread_current()->tid;
}

/* The boot thread, which runs main(), becomes the process's main thread. */
static int thread_main_init(void)
{
	struct uk_thread *t = uk_thread_current();

	thread_main.thread = t;
	strncpy(thread_main.comm, t->name, sizeof(thread_main.comm) - 1);
	t->name = thread_main.comm;
	t->priv = &thread_main;
	t->on_exit = thread_on_exit;
	t->on_gone = thread_on_gone;
	uk_list_add_tail(&thread_main.node, &thread_live);
	thread_nlive = 1;
	return 0;
}
uk_lib_initcall(thread_main_init);
