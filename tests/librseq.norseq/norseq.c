/* SPDX-License-Identifier: MIT */
/* norseq ENOSYS|EPERM: a process in which no thread can register (a kernel
   without rseq, valgrind, a sandbox); the argument is what the rseq system
   call answers.  Nobody owns the registration, and every reader still gives
   the right answer through its fallback, on the initial thread and on
   several threads doing the same at once; nothing aborts.  */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <rseq/rseq.h>
#include "check.h"

enum { NR_THREADS = 8, ROUNDS = 100 };

enum thread_check {
	RAW_CPU, CPU_START, CPU, NODE, MM_CID, REGISTER, UNREGISTER, WRAPPER, CLEAR_CS,
	NR_THREAD_CHECKS
};

static const char *const thread_check_names[NR_THREAD_CHECKS] = {
	[RAW_CPU] = "cpu_id reads -2 (RSEQ_ABI_CPU_ID_REGISTRATION_FAILED)",
	[CPU_START] = "rseq_cpu_start() is 0",
	[CPU] = "rseq_current_cpu() and rseq_sched_getcpu() are the getcpu system call's",
	[NODE] = "rseq_current_node_id() is the getcpu system call's",
	[MM_CID] = "rseq_current_mm_cid() is 0",
	[REGISTER] = "rseq_register_current_thread(): -1 with the kernel's errno",
	[UNREGISTER] = "rseq_unregister_current_thread(): -1, EINVAL",
	[WRAPPER] = "rseq() probe and registration: -1 with the kernel's errno",
	[CLEAR_CS] = "rseq_clear_rseq_cs() leaves cpu_id at -2",
};

struct thread_run {
	int cpu;			/* to run on */
	int want_errno;
	bool failed[NR_THREAD_CHECKS];
	int32_t got[NR_THREAD_CHECKS];	/* the first wrong value (errno for errors) */
};

static pthread_barrier_t start;

static void record(struct thread_run *t, enum thread_check id, bool ok, int32_t got)
{
	if (!ok && !t->failed[id]) {
		t->failed[id] = true;
		t->got[id] = got;
	}
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	REQUIRE(sched_setaffinity(0, sizeof(set), &set) == 0);
}

/* errno after a call that returned ret: 0 when it succeeded.  */
static int error_of(int ret)
{
	return ret == 0 ? 0 : errno;
}

/* The wrapper reaches the kernel, which answers the same for the probe and
   for a real area.  */
static void check_wrapper(struct thread_run *t)
{
	static __thread struct rseq_abi area;
	int err;

	errno = 0;
	err = error_of(rseq(NULL, 0, 0, 0));
	record(t, WRAPPER, err == t->want_errno, err);
	errno = 0;
	err = error_of(rseq(&area, sizeof(area), 0, RSEQ_SIG));
	record(t, WRAPPER, err == t->want_errno, err);
	if (err == 0)
		rseq(&area, sizeof(area), RSEQ_ABI_FLAG_UNREGISTER, RSEQ_SIG);
}

static void run_round(struct thread_run *t)
{
	unsigned int cpu, node;
	int err;

	REQUIRE(syscall(SYS_getcpu, &cpu, &node, NULL) == 0);
	record(t, RAW_CPU, rseq_current_cpu_raw() == RSEQ_ABI_CPU_ID_REGISTRATION_FAILED,
	       rseq_current_cpu_raw());
	record(t, CPU_START, rseq_cpu_start() == 0, (int32_t) rseq_cpu_start());
	record(t, CPU, rseq_current_cpu() == (int32_t) cpu, rseq_current_cpu());
	record(t, CPU, rseq_sched_getcpu() == (int) cpu, rseq_sched_getcpu());
	record(t, NODE, rseq_current_node_id() == (int32_t) node, rseq_current_node_id());
	record(t, MM_CID, rseq_current_mm_cid() == 0, (int32_t) rseq_current_mm_cid());
	errno = 0;
	err = error_of(rseq_register_current_thread());
	record(t, REGISTER, err == t->want_errno, err);
	errno = 0;
	err = error_of(rseq_unregister_current_thread());
	record(t, UNREGISTER, err == EINVAL, err);
	check_wrapper(t);
	rseq_clear_rseq_cs();
	record(t, CLEAR_CS, rseq_current_cpu_raw() == RSEQ_ABI_CPU_ID_REGISTRATION_FAILED,
	       rseq_current_cpu_raw());
}

static void *run_thread(void *arg)
{
	struct thread_run *t = arg;

	pin(t->cpu);
	pthread_barrier_wait(&start);
	for (int i = 0; i < ROUNDS; i++)
		run_round(t);
	return NULL;
}

static void report(const char *who, const struct thread_run *runs, int n)
{
	for (int id = 0; id < NR_THREAD_CHECKS; id++) {
		const struct thread_run *failed = NULL;
		for (int i = 0; i < n && !failed; i++)
			if (runs[i].failed[id])
				failed = &runs[i];
		if (!check(!failed, "%s: %s", who, thread_check_names[id]))
			note("on CPU %d: got %d", failed->cpu, failed->got[id]);
	}
}

/* Spreads the threads over the CPUs this process may use.  */
static int nth_allowed_cpu(const cpu_set_t *allowed, int n)
{
	const int count = CPU_COUNT(allowed);

	for (int cpu = 0, seen = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, allowed) && seen++ == n % count)
			return cpu;
	return 0;
}

int main(int argc, char **argv)
{
	static struct thread_run initial, threads[NR_THREADS];
	pthread_t tid[NR_THREADS];
	cpu_set_t allowed;

	REQUIRE(argc == 2);
	const int want_errno = !strcmp(argv[1], "EPERM") ? EPERM : ENOSYS;

	plan(3 + 2 * NR_THREAD_CHECKS);
	check(rseq_owner() == RSEQ_OWNER_NONE, "rseq_owner() is RSEQ_OWNER_NONE");
	check(rseq_size == 0, "rseq_size is 0");
	check(!rseq_available(RSEQ_AVAILABLE_QUERY_KERNEL) &&
	      !rseq_available(RSEQ_AVAILABLE_QUERY_LIBC), "rseq_available(): false for both queries");
	note("registering answers %s", argv[1]);

	REQUIRE(sched_getaffinity(0, sizeof(allowed), &allowed) == 0);
	for (int i = 0; i < NR_THREADS; i++) {
		threads[i].cpu = nth_allowed_cpu(&allowed, i);
		threads[i].want_errno = want_errno;
	}
	initial.cpu = sched_getcpu();
	initial.want_errno = want_errno;
	REQUIRE(initial.cpu >= 0);
	REQUIRE(pthread_barrier_init(&start, NULL, NR_THREADS) == 0);
	for (int i = 0; i < NR_THREADS; i++)
		REQUIRE(pthread_create(&tid[i], NULL, run_thread, &threads[i]) == 0);

	/* The initial thread runs while the others do.  */
	pin(initial.cpu);
	for (int i = 0; i < ROUNDS; i++)
		run_round(&initial);
	for (int i = 0; i < NR_THREADS; i++)
		REQUIRE(pthread_join(tid[i], NULL) == 0);
	report("initial thread", &initial, 1);
	char who[32];
	snprintf(who, sizeof(who), "%d threads at once", NR_THREADS);
	report(who, threads, NR_THREADS);
	return 0;
}
