/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <rseq/rseq.h>
#include <rseq/mempool.h>
#include "percpu-cases.h"

/* Per CPU, one cache line: the cases measure the operations, not false
   sharing.  */
struct slot {
	intptr_t word;		/* counter, lock or list head */
	intptr_t count;		/* what a lock protects */
} __attribute__((aligned(64)));

/* A line each too: nodes move between the CPUs' lists.  */
struct node {
	intptr_t next;
} __attribute__((aligned(64)));

enum { NODES_PER_LIST = 8 };

static int nr_cpus;
static struct slot *rseq_counters, *atomic_counters, *rseq_locks, *atomic_locks, *rseq_lists;
static struct slot global_counter;
static struct slot mutex_list;
static pthread_mutex_t list_mutex = PTHREAD_MUTEX_INITIALIZER;
static cpu_set_t first_cpu, second_cpu;
/* The same counter as rseq_counters, in an item of a per-CPU pool; and a
   pool of items of the size malloc(3) is compared at.  */
static struct slot __rseq_percpu *pool_counters;
static struct rseq_mempool *item_pool;
enum { ITEM_LEN = 64 };

/* rseq_cpu_start() is always a valid index; the sequence confirms it.  */
#define ON_THIS_CPU(cpu, op)						\
	do {								\
		(cpu) = (int) rseq_cpu_start();				\
	} while (rseq_unlikely((op) < 0))

static __attribute__((noinline)) unsigned long add_rseq(unsigned long n)
{
	int cpu;

	for (unsigned long i = 0; i < n; i++)
		ON_THIS_CPU(cpu, rseq_load_add_store__ptr(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID,
							  &rseq_counters[cpu].word, 1, cpu));
	return n;
}

static __attribute__((noinline)) unsigned long add_pool(unsigned long n)
{
	int cpu;

	for (unsigned long i = 0; i < n; i++)
		ON_THIS_CPU(cpu, rseq_load_add_store__ptr(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID,
							  &rseq_percpu_ptr(pool_counters, cpu)->word,
							  1, cpu));
	return n;
}

/* The compiler may not drop a malloc(3) whose result it cannot see unused.  */
#define ESCAPE(p)	__asm__ __volatile__("" : : "r"(p) : "memory")

static __attribute__((noinline)) unsigned long malloc_free_pool(unsigned long n)
{
	unsigned long sum = 0;

	for (unsigned long i = 0; i < n; i++) {
		void __rseq_percpu *p = rseq_mempool_percpu_malloc(item_pool);

		ESCAPE(p);
		sum += p != NULL;
		rseq_mempool_percpu_free(p);
	}
	return sum;
}

static __attribute__((noinline)) unsigned long malloc_free_libc(unsigned long n)
{
	unsigned long sum = 0;

	for (unsigned long i = 0; i < n; i++) {
		void *p = malloc(ITEM_LEN);

		ESCAPE(p);
		sum += p != NULL;
		free(p);
	}
	return sum;
}

static __attribute__((noinline)) unsigned long add_percpu_atomic(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		__atomic_fetch_add(&atomic_counters[sched_getcpu()].word, 1, __ATOMIC_RELAXED);
	return n;
}

static __attribute__((noinline)) unsigned long add_global_atomic(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		__atomic_fetch_add(&global_counter.word, 1, __ATOMIC_RELAXED);
	return n;
}

static __attribute__((noinline)) unsigned long lock_rseq(unsigned long n)
{
	int cpu;

	for (unsigned long i = 0; i < n; i++) {
		/* 1 (held: the holder was preempted on this CPU) retries too.  */
		ON_THIS_CPU(cpu, rseq_load_cbne_store__ptr(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID,
							   &rseq_locks[cpu].word, 0, 1, cpu)
				 ? -1 : 0);
		rseq_smp_acquire__after_ctrl_dep();
		rseq_locks[cpu].count++;
		rseq_smp_store_release(&rseq_locks[cpu].word, 0);
	}
	return n;
}

static __attribute__((noinline)) unsigned long lock_percpu_atomic(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		struct slot *s = &atomic_locks[sched_getcpu()];
		intptr_t unlocked = 0;

		while (!__atomic_compare_exchange_n(&s->word, &unlocked, 1, false,
						    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
			unlocked = 0;
			bench_cpu_relax();
		}
		s->count++;
		__atomic_store_n(&s->word, 0, __ATOMIC_RELEASE);
	}
	return n;
}

static __attribute__((noinline)) unsigned long list_rseq(unsigned long n)
{
	unsigned long popped = 0;
	int cpu;

	for (unsigned long i = 0; i < n; i++) {
		intptr_t node = 0;
		int ret;

		do {
			cpu = (int) rseq_cpu_start();
			ret = rseq_load_cbeq_store_add_load_store__ptr(
				RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID, &rseq_lists[cpu].word, 0,
				offsetof(struct node, next), &node, cpu);
		} while (rseq_unlikely(ret < 0));
		if (rseq_unlikely(ret > 0))
			continue;	/* empty */
		popped++;
		do {
			cpu = (int) rseq_cpu_start();
			const intptr_t head = RSEQ_READ_ONCE(rseq_lists[cpu].word);

			((struct node *) node)->next = head;
			ret = rseq_load_cbne_store__ptr(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID,
							&rseq_lists[cpu].word, head, node, cpu);
		} while (rseq_unlikely(ret != 0));
	}
	return popped;
}

static __attribute__((noinline)) unsigned long list_mutex_loop(unsigned long n)
{
	unsigned long popped = 0;

	for (unsigned long i = 0; i < n; i++) {
		pthread_mutex_lock(&list_mutex);
		struct node *node = (struct node *) mutex_list.word;
		if (node)
			mutex_list.word = node->next;
		pthread_mutex_unlock(&list_mutex);
		if (!node)
			continue;
		popped++;
		pthread_mutex_lock(&list_mutex);
		node->next = mutex_list.word;
		mutex_list.word = (intptr_t) node;
		pthread_mutex_unlock(&list_mutex);
	}
	return popped;
}

/* The second thread runs the same loop as the first, batch by batch.  It
   waits for the next batch spinning, not sleeping: waking a thread on an
   idle CPU takes long enough (tens to hundreds of microseconds) to swamp
   short batches.  The batch is published with its generation number.  */
static pthread_t second;
static unsigned long (*batch_loop)(unsigned long);
static unsigned long batch_iterations;
static unsigned long batch_started, batch_done;
static int second_state;	/* 0 starting, 1 registered, -1 cannot register */

static void *second_thread(void *arg)
{
	unsigned long seen = 0;

	(void) arg;
	pthread_setaffinity_np(pthread_self(), sizeof(second_cpu), &second_cpu);
	/* With librseq owning the registration, threads register on demand.  */
	const bool registered = rseq_register_current_thread() == 0 && rseq_current_cpu_raw() >= 0;
	__atomic_store_n(&second_state, registered ? 1 : -1, __ATOMIC_RELEASE);
	for (;;) {
		unsigned long now;

		while ((now = __atomic_load_n(&batch_started, __ATOMIC_ACQUIRE)) == seen)
			bench_cpu_relax();
		seen = now;
		if (!batch_loop)
			return NULL;
		batch_loop(batch_iterations);
		__atomic_store_n(&batch_done, seen, __ATOMIC_RELEASE);
	}
}

static void start_batch(unsigned long (*loop)(unsigned long), unsigned long n)
{
	batch_loop = loop;
	batch_iterations = n;
	/* Pairs with the acquire load in second_thread().  */
	__atomic_add_fetch(&batch_started, 1, __ATOMIC_RELEASE);
}

unsigned long percpu_on_two_threads(unsigned long (*loop)(unsigned long), unsigned long n)
{
	start_batch(loop, n);
	const unsigned long r = loop(n);
	const unsigned long mine = __atomic_load_n(&batch_started, __ATOMIC_RELAXED);

	while (__atomic_load_n(&batch_done, __ATOMIC_ACQUIRE) != mine)
		bench_cpu_relax();
	return r;
}

#define PERCPU_CASES(loop, key, label)						\
	static unsigned long loop##_2(unsigned long n)				\
	{									\
		return percpu_on_two_threads(loop, n);					\
	}									\
	static const struct bench_case loop##_case1 = { key "_1t", label, loop }; \
	static const struct bench_case loop##_case2 = { key "_2t", label, loop##_2 };

PERCPU_CASES(add_rseq, "add_rseq", "rseq_load_add_store__ptr()")
PERCPU_CASES(add_pool, "add_pool", "rseq_load_add_store__ptr(), counter in a pool item")
PERCPU_CASES(malloc_free_pool, "malloc_free_pool", "rseq_mempool_percpu_malloc + free, 64 bytes")
PERCPU_CASES(malloc_free_libc, "malloc_free_libc", "malloc(3) + free(3), 64 bytes")
PERCPU_CASES(add_percpu_atomic, "add_percpu_atomic", "atomic add, per-CPU (sched_getcpu())")
PERCPU_CASES(add_global_atomic, "add_global_atomic", "atomic add, one global counter")
PERCPU_CASES(lock_rseq, "lock_rseq", "rseq lock (load_cbne_store) + release")
PERCPU_CASES(lock_percpu_atomic, "lock_percpu_atomic", "atomic CAS lock, per-CPU (sched_getcpu())")
PERCPU_CASES(list_rseq, "list_rseq", "rseq pop (load_cbeq_store_add_load_store) + push")
PERCPU_CASES(list_mutex_loop, "list_mutex", "pthread mutex: pop + push, one list")

#define CASES(...)								\
	(const struct bench_case *const[]) { __VA_ARGS__ },			\
	sizeof((const struct bench_case *const[]) { __VA_ARGS__ }) / sizeof(void *), false

const struct percpu_group percpu_groups[] = {
	{ "counter add", 1, CASES(&add_rseq_case1, &add_percpu_atomic_case1,
				  &add_global_atomic_case1) },
	{ "counter add", 2, CASES(&add_rseq_case2, &add_percpu_atomic_case2,
				  &add_global_atomic_case2) },
	{ "spinlock lock + unlock", 1, CASES(&lock_rseq_case1, &lock_percpu_atomic_case1) },
	{ "spinlock lock + unlock", 2, CASES(&lock_rseq_case2, &lock_percpu_atomic_case2) },
	{ "list pop + push", 1, CASES(&list_rseq_case1, &list_mutex_loop_case1) },
	{ "list pop + push", 2, CASES(&list_rseq_case2, &list_mutex_loop_case2) },
	{ "counter add, static array vs pool item", 1, CASES(&add_rseq_case1, &add_pool_case1) },
	{ "counter add, static array vs pool item", 2, CASES(&add_rseq_case2, &add_pool_case2) },
	{ "malloc + free of one item", 1, CASES(&malloc_free_libc_case1,
						&malloc_free_pool_case1) },
	{ "malloc + free of one item", 2, CASES(&malloc_free_libc_case2,
						&malloc_free_pool_case2) },
};
const size_t percpu_group_count = sizeof(percpu_groups) / sizeof(percpu_groups[0]);

const struct bench_target percpu_targets[] = {
	{ "global_atomic_vs_rseq_add_1t", &add_global_atomic_case1, &add_rseq_case1, false, 2.0 },
	{ "global_atomic_vs_rseq_add_2t", &add_global_atomic_case2, &add_rseq_case2, false, 3.0 },
	{ "pool_vs_array_add_1t", &add_pool_case1, &add_rseq_case1, true, 1.05 },
	{ "pool_vs_array_add_2t", &add_pool_case2, &add_rseq_case2, true, 1.05 },
	{ "pool_vs_libc_malloc_free_1t", &malloc_free_pool_case1, &malloc_free_libc_case1, true,
	  1.0 },
	{ "pool_vs_libc_malloc_free_2t", &malloc_free_pool_case2, &malloc_free_libc_case2, true,
	  1.0 },
};
const size_t percpu_target_count = sizeof(percpu_targets) / sizeof(percpu_targets[0]);

static struct slot *slots(void)
{
	void *p = NULL;

	if (posix_memalign(&p, 64, (size_t) nr_cpus * sizeof(struct slot)))
		return NULL;
	return memset(p, 0, (size_t) nr_cpus * sizeof(struct slot));
}

static void push(struct slot *list, struct node *node)
{
	node->next = list->word;
	list->word = (intptr_t) node;
}

const char *percpu_setup(void)
{
	cpu_set_t allowed;

	nr_cpus = rseq_get_max_nr_cpus();
	if (nr_cpus <= 0)
		return "cannot count the CPUs";
	if (rseq_current_cpu_raw() < 0)
		return "this thread is not registered: every rseq operation would abort";
	rseq_counters = slots();
	atomic_counters = slots();
	rseq_locks = slots();
	atomic_locks = slots();
	rseq_lists = slots();
	struct node *nodes = NULL;
	if (posix_memalign((void **) &nodes, 64,
			   (size_t) (nr_cpus + 1) * NODES_PER_LIST * sizeof(*nodes)))
		nodes = NULL;
	struct rseq_mempool *counter_pool = rseq_mempool_create("bench counters",
								sizeof(struct slot), NULL);
	item_pool = rseq_mempool_create("bench items", ITEM_LEN, NULL);
	pool_counters = counter_pool ? rseq_mempool_percpu_zmalloc(counter_pool) : NULL;
	if (!rseq_counters || !atomic_counters || !rseq_locks || !atomic_locks || !rseq_lists ||
	    !nodes || !pool_counters || !item_pool)
		return "out of memory";
	for (int i = 0; i < nr_cpus * NODES_PER_LIST; i++)
		push(&rseq_lists[i % nr_cpus], &nodes[i]);
	for (int i = 0; i < NODES_PER_LIST; i++)
		push(&mutex_list, &nodes[nr_cpus * NODES_PER_LIST + i]);

	if (sched_getaffinity(0, sizeof(allowed), &allowed))
		return "sched_getaffinity failed";
	CPU_ZERO(&first_cpu);
	CPU_ZERO(&second_cpu);
	for (int cpu = 0, found = 0; cpu < CPU_SETSIZE && found < 2; cpu++)
		if (CPU_ISSET(cpu, &allowed))
			CPU_SET(cpu, found++ ? &second_cpu : &first_cpu);
	if (!CPU_COUNT(&second_cpu))
		second_cpu = first_cpu;
	if (sched_setaffinity(0, sizeof(first_cpu), &first_cpu))
		return "sched_setaffinity failed";
	return NULL;
}

const char *percpu_start_second(void)
{
	int state;

	if (pthread_create(&second, NULL, second_thread, NULL))
		return "cannot start the second thread";
	while (!(state = __atomic_load_n(&second_state, __ATOMIC_ACQUIRE)))
		sched_yield();
	if (state < 0)
		return "the second thread cannot register: every rseq operation would abort";
	return NULL;
}

void percpu_stop_second(void)
{
	start_batch(NULL, 0);
	pthread_join(second, NULL);
}

bool percpu_one_cpu(void)
{
	return CPU_EQUAL(&first_cpu, &second_cpu);
}
