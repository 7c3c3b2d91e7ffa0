/* SPDX-License-Identifier: MIT */
/* mm-cid: a per-CPU counter indexed by concurrency id in a pool of as many
   CPUs as the process has threads, not as the machine has CPUs: a
   concurrency id is below the number of threads, so that the pool's
   memory follows the threads.  Exact counts from every thread.  */
#include <pthread.h>
#include "mempool-test.h"

enum { NR_WORKERS = 4, NR_THREADS = NR_WORKERS + 1, REPS = 20000 };

struct counter {
	intptr_t count;
};

static struct counter __rseq_percpu *counter;
static unsigned long past_pool, failures;

static void *worker(void *arg)
{
	/* Without rseq (enosys), every addition goes through cpu_opv().  */
	const bool registered = rseq_register_current_thread() == 0;

	(void) arg;
	for (int i = 0; i < REPS; i++) {
		const int cid = (int) rseq_current_mm_cid();

		if (cid >= NR_THREADS) {
			__atomic_fetch_add(&past_pool, 1, __ATOMIC_RELAXED);
			continue;
		}
		if (rseq_load_add_store__ptr_complete(RSEQ_MO_RELAXED, RSEQ_PERCPU_MM_CID,
						      &rseq_percpu_ptr(counter, cid)->count, 1,
						      cid))
			__atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
	}
	if (registered)
		REQUIRE(rseq_unregister_current_thread() == 0);
	return NULL;
}

static void mmcid_run(void)
{
	struct rseq_mempool_attr *attr = mempool_attr_kind(false, NR_THREADS);
	struct rseq_mempool *pool = rseq_mempool_create("mm_cid", sizeof(struct counter), attr);
	pthread_t tid[NR_WORKERS];

	rseq_mempool_attr_destroy(attr);
	REQUIRE(pool);
	counter = rseq_mempool_percpu_zmalloc(pool);
	REQUIRE(counter);
	note("mm_cid %s; the pool has %d CPUs, the machine %d",
	     rseq_mm_cid_available() ? "available" : "unavailable (index 0)",
	     rseq_mempool_get_max_nr_cpus(pool), rseq_get_max_nr_cpus());
	for (int t = 0; t < NR_WORKERS; t++)
		REQUIRE(pthread_create(&tid[t], NULL, worker, NULL) == 0);
	for (int t = 0; t < NR_WORKERS; t++)
		REQUIRE(pthread_join(tid[t], NULL) == 0);
	long sum = 0;
	for (int cid = 0; cid < NR_THREADS; cid++)
		sum += rseq_percpu_ptr(counter, cid)->count;
	check_why(past_pool == 0, "every concurrency id is below the number of threads",
		  "%lu past it", past_pool);
	check_why(failures == 0 && sum == (long) NR_WORKERS * REPS,
		  "the counters indexed by concurrency id count exactly",
		  "sum %ld, %lu failures", sum, failures);
	rseq_mempool_percpu_free(counter);
	REQUIRE(rseq_mempool_destroy(pool) == 0);
}

const struct mempool_test test_mmcid = { "mm-cid", 2, mmcid_run };
