/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/membarrier.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <rseq/rseq.h>
#include "cpu-opv-cases.h"

/* The length glibc and librseq register the area with: the raw rseq()
   calls of the no-rseq case must give the same.  */
enum { AREA_LEN = 32 };

/* What the vectors act on, per CPU: a word for each operation.  */
struct opv_words {
	intptr_t word[CPU_OP_VEC_LEN_MAX];
} __attribute__((aligned(64)));

struct opv_slot *opv_counters;
static struct opv_words *opv_data;
static int local_cpu = -1, remote_cpu = -1;
/* Whether this thread may take its area back from the kernel and register
   it again (the no-rseq case), as tried by opv_setup().  */
static bool can_unregister;

static const char *failed_call;
static int failed_errno;

/* Loops cannot stop the run: they keep the first failure for the end.  */
static void failed(const char *what)
{
	if (!failed_call) {
		failed_call = what;
		failed_errno = errno;
	}
}

const char *opv_failure(void)
{
	if (failed_call)
		errno = failed_errno;
	return failed_call;
}

static uint64_t addr(const void *p)
{
	return (uint64_t) (uintptr_t) p;
}

static struct cpu_op op_add(intptr_t *p)
{
	struct cpu_op op;

	memset(&op, 0, sizeof(op));
	op.op = CPU_ADD_OP;
	op.len = sizeof(*p);
	op.u.arithmetic_op.p = addr(p);
	op.u.arithmetic_op.count = 1;
	return op;
}

/* WORD compared with OTHER (CPU_COMPARE_EQ_OP), or OTHER copied into it
   (CPU_MEMCPY_OP).  */
static struct cpu_op op_word(int type, intptr_t *word, intptr_t *other)
{
	struct cpu_op op;

	memset(&op, 0, sizeof(op));
	op.op = type;
	op.len = sizeof(*word);
	if (type == CPU_COMPARE_EQ_OP) {
		op.u.compare_op.a = addr(word);
		op.u.compare_op.b = addr(other);
	} else {
		op.u.memcpy_op.dst = addr(word);
		op.u.memcpy_op.src = addr(other);
	}
	return op;
}

/* N calls of cpu_opv() on CPU with a vector of NOPS operations: 2 is what
   the helpers send for a compare-and-store, the others are additions.  */
static unsigned long opv_loop(int cpu, int nops, unsigned long n)
{
	struct cpu_op ops[CPU_OP_VEC_LEN_MAX];
	intptr_t *words = opv_data[cpu].word;
	intptr_t expect, newv;

	if (nops == 2) {
		ops[0] = op_word(CPU_COMPARE_EQ_OP, &words[0], &expect);
		ops[1] = op_word(CPU_MEMCPY_OP, &words[0], &newv);
	} else {
		for (int i = 0; i < nops; i++)
			ops[i] = op_add(&words[i]);
	}
	for (unsigned long i = 0; i < n; i++) {
		expect = words[0];
		newv = expect + 1;
		if (cpu_opv(ops, nops, cpu, 0) != 0) {
			failed("cpu_opv()");
			break;
		}
	}
	return (unsigned long) words[0];
}

static int fence_cpu(int cpu)
{
	return (int) syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ,
			     MEMBARRIER_CMD_FLAG_CPU, cpu);
}

static unsigned long membarrier_loop(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		if (fence_cpu(remote_cpu) != 0) {
			failed("membarrier(PRIVATE_EXPEDITED_RSEQ, FLAG_CPU)");
			break;
		}
	return n;
}

/* The add that always completes, on whatever CPU this thread reads: with
   rseq registered, the fast path; without, cpu_opv() on the CPU getcpu()
   names, which is the caller's own (no membarrier).  */
static unsigned long add_complete_loop(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		const int cpu = rseq_current_cpu();

		if (rseq_load_add_store__ptr_complete(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID,
						      &opv_counters[cpu].word, 1, cpu) != 0) {
			failed("rseq_load_add_store__ptr_complete()");
			break;
		}
	}
	return n;
}

/* Its fallback alone, on this thread's CPU (it is pinned there).  */
static unsigned long add_opv_loop(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		if (rseq_load_add_store__ptr_opv(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID,
						 &opv_counters[local_cpu].word, 1, local_cpu) != 0) {
			failed("rseq_load_add_store__ptr_opv()");
			break;
		}
	return n;
}

static int raw_rseq(int flags)
{
	return rseq(rseq_get_abi(), AREA_LEN, flags, RSEQ_SIG);
}

/* The helper on this thread with its area unregistered for the batch (two
   system calls per batch of thousands).  */
static unsigned long add_complete_without_rseq(unsigned long n)
{
	if (raw_rseq(RSEQ_ABI_FLAG_UNREGISTER) != 0) {
		failed("rseq(UNREGISTER)");
		return 0;
	}
	const unsigned long r = add_complete_loop(n);
	if (raw_rseq(0) != 0)
		failed("rseq(register)");
	return r;
}

static int local(void)
{
	return local_cpu;
}

static int remote(void)
{
	return remote_cpu;
}

/* A case per loop, CPU and vector length; the busy and quiet remote cases
   run the same loop, under the conditions of their pass.  */
#define OPV_CASE(name, where, nops, key, label)				\
	static unsigned long name(unsigned long n)				\
	{									\
		return opv_loop(where(), nops, n);				\
	}									\
	static const struct bench_case name##_case = { key, label, name };

OPV_CASE(opv1_local, local, 1, "cpu_opv_1op_local", "cpu_opv(), 1 op (add), this CPU")
OPV_CASE(opv2_local, local, 2, "cpu_opv_2op_local", "cpu_opv(), 2 ops (compare, store), this CPU")
OPV_CASE(opv16_local, local, 16, "cpu_opv_16op_local", "cpu_opv(), 16 ops (adds), this CPU")
OPV_CASE(opv1_quiet, remote, 1, "cpu_opv_1op_remote_quiet", "cpu_opv(), 1 op, remote CPU")
OPV_CASE(opv2_quiet, remote, 2, "cpu_opv_2op_remote_quiet", "cpu_opv(), 2 ops, remote CPU")
OPV_CASE(opv16_quiet, remote, 16, "cpu_opv_16op_remote_quiet", "cpu_opv(), 16 ops, remote CPU")
OPV_CASE(opv1_busy, remote, 1, "cpu_opv_1op_remote_busy", "cpu_opv(), 1 op, remote CPU")
OPV_CASE(opv2_busy, remote, 2, "cpu_opv_2op_remote_busy", "cpu_opv(), 2 ops, remote CPU")
OPV_CASE(opv16_busy, remote, 16, "cpu_opv_16op_remote_busy", "cpu_opv(), 16 ops, remote CPU")

static const struct bench_case membarrier_quiet_case = {
	"membarrier_remote_quiet", "membarrier(RSEQ, FLAG_CPU), remote CPU", membarrier_loop,
};
static const struct bench_case membarrier_busy_case = {
	"membarrier_remote_busy", "membarrier(RSEQ, FLAG_CPU), remote CPU", membarrier_loop,
};
static const struct bench_case add_fenced_case = {
	"add_fence_check", "rseq_load_add_store__ptr()", opv_add_fenced,
};
static const struct bench_case add_unfenced_case = {
	"add_no_fence_check", "the same, built with RSEQ_PERCPU_NO_FENCE", opv_add_unfenced,
};
static const struct bench_case add_complete_case = {
	"add_complete_fast_path", "rseq_load_add_store__ptr_complete(), registered",
	add_complete_loop,
};
static const struct bench_case add_opv_case = {
	"add_opv", "rseq_load_add_store__ptr_opv(), this CPU", add_opv_loop,
};
static const struct bench_case add_no_rseq_case = {
	"add_complete_no_rseq", "rseq_load_add_store__ptr_complete(), rseq unregistered",
	add_complete_without_rseq,
};

#define CASES(...)								\
	(const struct bench_case *const[]) { __VA_ARGS__ },			\
	sizeof((const struct bench_case *const[]) { __VA_ARGS__ }) / sizeof(void *)

const struct opv_group opv_groups[] = {
	{ "cpu_opv() on the caller's CPU (no membarrier needed)", OPV_QUIET, false,
	  CASES(&opv1_local_case, &opv2_local_case, &opv16_local_case) },
	{ "cpu_opv() on a CPU where none of our threads runs", OPV_QUIET, true,
	  CASES(&membarrier_quiet_case, &opv1_quiet_case, &opv2_quiet_case, &opv16_quiet_case) },
	{ "cpu_opv() on a CPU where one of our threads spins", OPV_BUSY, true,
	  CASES(&membarrier_busy_case, &opv1_busy_case, &opv2_busy_case, &opv16_busy_case) },
	{ "per-CPU add: the cost of the fence check", OPV_QUIET, false,
	  CASES(&add_fenced_case, &add_unfenced_case) },
	{ "the add that always completes: fast path and fallback", OPV_QUIET, false,
	  CASES(&add_complete_case, &add_opv_case, &add_no_rseq_case) },
};
const size_t opv_group_count = sizeof(opv_groups) / sizeof(opv_groups[0]);

/* The targets: the 2-op vector against the membarrier it needs at
   least, and the fence check against none.  */
const struct bench_target opv_targets[] = {
	{ "cpu_opv_2op_vs_membarrier_busy", &opv2_busy_case, &membarrier_busy_case, true, 1.5 },
	{ "fence_check_cost", &add_fenced_case, &add_unfenced_case, true, 1.05 },
};
const size_t opv_target_count = sizeof(opv_targets) / sizeof(opv_targets[0]);

bool opv_case_available(const struct bench_case *c)
{
	return c != &add_no_rseq_case || can_unregister;
}

bool opv_can_unregister(void)
{
	return can_unregister;
}

const char *opv_setup(void)
{
	cpu_set_t allowed, one;
	const int nr_cpus = rseq_get_max_nr_cpus();

	if (nr_cpus <= 0)
		return "cannot count the CPUs";
	if (rseq_current_cpu_raw() < 0)
		return "this thread is not registered: the fast-path cases would never complete";
	if (posix_memalign((void **) &opv_counters, 64, (size_t) nr_cpus * sizeof(*opv_counters)) ||
	    posix_memalign((void **) &opv_data, 64, (size_t) nr_cpus * sizeof(*opv_data)))
		return "out of memory";
	memset(opv_counters, 0, (size_t) nr_cpus * sizeof(*opv_counters));
	memset(opv_data, 0, (size_t) nr_cpus * sizeof(*opv_data));
	if (sched_getaffinity(0, sizeof(allowed), &allowed))
		return "sched_getaffinity failed";
	for (int cpu = 0; cpu < CPU_SETSIZE && cpu < nr_cpus; cpu++) {
		if (!CPU_ISSET(cpu, &allowed))
			continue;
		if (local_cpu < 0)
			local_cpu = cpu;
		else if (remote_cpu < 0)
			remote_cpu = cpu;
	}
	CPU_ZERO(&one);
	CPU_SET(local_cpu, &one);
	if (sched_setaffinity(0, sizeof(one), &one) || rseq_current_cpu() != local_cpu)
		return "cannot pin this thread to its first allowed CPU";
	if (syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ, 0, 0))
		return "membarrier(REGISTER_PRIVATE_EXPEDITED_RSEQ) failed";
	can_unregister = raw_rseq(RSEQ_ABI_FLAG_UNREGISTER) == 0;
	if (can_unregister && raw_rseq(0) != 0)
		return "rseq() registered this thread again only the first time";
	return NULL;
}

bool opv_have_remote(void)
{
	return remote_cpu >= 0;
}

int opv_local_cpu(void)
{
	return local_cpu;
}

int opv_remote_cpu(void)
{
	return remote_cpu;
}

static pthread_t spinner;
static int spinner_state;	/* 0 starting, 1 spinning there, -1 cannot run there */
static int spinner_stop;

static void *spin(void *arg)
{
	cpu_set_t one;

	(void) arg;
	CPU_ZERO(&one);
	CPU_SET(remote_cpu, &one);
	const bool there = pthread_setaffinity_np(pthread_self(), sizeof(one), &one) == 0 &&
			   sched_getcpu() == remote_cpu;
	__atomic_store_n(&spinner_state, there ? 1 : -1, __ATOMIC_RELEASE);
	while (there && !__atomic_load_n(&spinner_stop, __ATOMIC_ACQUIRE))
		__asm__ __volatile__("" ::: "memory");
	return NULL;
}

const char *opv_start_spinner(void)
{
	int state;

	__atomic_store_n(&spinner_state, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&spinner_stop, 0, __ATOMIC_RELAXED);
	if (pthread_create(&spinner, NULL, spin, NULL))
		return "cannot start the spinning thread";
	while (!(state = __atomic_load_n(&spinner_state, __ATOMIC_ACQUIRE)))
		sched_yield();
	if (state < 0) {
		pthread_join(spinner, NULL);
		return "the spinning thread cannot run on the remote CPU";
	}
	return NULL;
}

void opv_stop_spinner(void)
{
	__atomic_store_n(&spinner_stop, 1, __ATOMIC_RELEASE);
	pthread_join(spinner, NULL);
}
