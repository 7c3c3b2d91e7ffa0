/* SPDX-License-Identifier: MIT */
/* threads: many threads allocate, check and free items of many pools at
   once; no item is ever given to two threads, every value is the one its
   thread wrote, and at the end every pool is empty (a robust pool would
   abort at destroy otherwise).  */
#include <pthread.h>
#include "mempool-test.h"

enum { NR_THREADS = 8, NR_POOLS = 4, NR_CPUS = 4, ROUNDS = 3000, HELD = 24 };

static struct rseq_mempool *pools[NR_POOLS];
static unsigned long bad_values, bad_allocs, unregistered;

static size_t item_len(int pool)
{
	return (size_t) 8 << (pool * 2);
}

static size_t stride(int pool)
{
	return (size_t) 4096 << pool;
}

/* Odd workers take their area back from the kernel first (as the percpu
   group's stress -D does): without rseq, every allocation and free takes
   the pools' locked path.  */
static void *worker(void *arg)
{
	const uintptr_t me = (uintptr_t) arg;
	const bool without_rseq = me % 2;

	if (without_rseq && rseq(rseq_get_abi(), 32, RSEQ_ABI_FLAG_UNREGISTER, RSEQ_SIG) == 0)
		__atomic_fetch_add(&unregistered, 1, __ATOMIC_RELAXED);
	uintptr_t *held[HELD] = { 0 };
	int held_pool[HELD] = { 0 };
	unsigned int seed = (unsigned int) me;

	for (int round = 0; round < ROUNDS; round++) {
		const int i = (int) (rand_r(&seed) % HELD);

		if (held[i]) {
			/* Still what this thread wrote, on every CPU.  */
			for (int cpu = 0; cpu < NR_CPUS; cpu++)
				if (*rseq_percpu_ptr(held[i], cpu, stride(held_pool[i])) !=
				    me * 1000 + (uintptr_t) i)
					__atomic_fetch_add(&bad_values, 1, __ATOMIC_RELAXED);
			rseq_mempool_percpu_free(held[i], stride(held_pool[i]));
			held[i] = NULL;
			continue;
		}
		const int p = (int) (rand_r(&seed) % NR_POOLS);
		uintptr_t value = me * 1000 + (uintptr_t) i;
		held[i] = round % 2 ? rseq_mempool_percpu_malloc_init(pools[p], &value,
								     sizeof(value))
				    : rseq_mempool_percpu_zmalloc(pools[p]);
		if (!held[i]) {
			__atomic_fetch_add(&bad_allocs, 1, __ATOMIC_RELAXED);
			continue;
		}
		held_pool[i] = p;
		for (int cpu = 0; cpu < NR_CPUS; cpu++) {
			uintptr_t *c = rseq_percpu_ptr(held[i], cpu, stride(p));

			if (*c != (round % 2 ? value : 0))
				__atomic_fetch_add(&bad_values, 1, __ATOMIC_RELAXED);
			*c = value;
		}
	}
	for (int i = 0; i < HELD; i++)
		if (held[i])
			rseq_mempool_percpu_free(held[i], stride(held_pool[i]));
	/* As it was, for whoever registered it to find at thread exit.  */
	if (without_rseq)
		rseq(rseq_get_abi(), 32, 0, RSEQ_SIG);
	return NULL;
}

static void threads_run(void)
{
	pthread_t tid[NR_THREADS];

	for (int p = 0; p < NR_POOLS; p++) {
		struct rseq_mempool_attr *attr =
			mempool_attr(0, NR_CPUS, (enum rseq_mempool_populate_policy) (p % 2));
		REQUIRE(rseq_mempool_attr_set_robust(attr) == 0);
		/* Small ranges, so that threads map new ones concurrently.  */
		REQUIRE(rseq_mempool_attr_set_percpu(attr, stride(p), NR_CPUS) == 0);
		pools[p] = rseq_mempool_create("threads", item_len(p), attr);
		rseq_mempool_attr_destroy(attr);
		REQUIRE(pools[p]);
	}
	for (uintptr_t t = 0; t < NR_THREADS; t++)
		REQUIRE(pthread_create(&tid[t], NULL, worker, (void *) (t + 1)) == 0);
	for (int t = 0; t < NR_THREADS; t++)
		REQUIRE(pthread_join(tid[t], NULL) == 0);
	note("%lu of %d workers ran without rseq", unregistered, NR_THREADS / 2);
	check_why(bad_allocs == 0, "every malloc succeeded", "%lu failed", bad_allocs);
	check_why(bad_values == 0, "no item was shared by two threads, nor had wrong values",
		  "%lu wrong values", bad_values);
	int destroyed = 0;
	for (int p = 0; p < NR_POOLS; p++)
		destroyed += rseq_mempool_destroy(pools[p]) == 0;
	check(destroyed == NR_POOLS, "every robust pool is empty at destroy");
}

const struct mempool_test test_threads = { "threads", 3, threads_run };
