/* SPDX-License-Identifier: MIT */
/* robust: a robust pool used correctly says nothing; a double free, a leak
   at destroy and a write to a freed item each abort through rseq_fatal()
   with a message naming the pool (mempool.exp runs those and expects the
   death).  */
#include "mempool-test.h"

enum { NR_CPUS = 4, ITEM_LEN = 32 };
#define POISON ((uintptr_t) 0x5ca1ab1eUL)

static struct rseq_mempool *robust_pool(enum rseq_mempool_populate_policy policy)
{
	struct rseq_mempool_attr *attr = mempool_attr(0, NR_CPUS, policy);

	REQUIRE(rseq_mempool_attr_set_robust(attr) == 0);
	REQUIRE(rseq_mempool_attr_set_poison(attr, POISON) == 0);
	struct rseq_mempool *pool = rseq_mempool_create("victim", ITEM_LEN, attr);
	rseq_mempool_attr_destroy(attr);
	REQUIRE(pool);
	return pool;
}

static void robust_run(void)
{
	for (int policy = 0; policy < 2; policy++) {
		struct rseq_mempool *pool =
			robust_pool((enum rseq_mempool_populate_policy) policy);
		uintptr_t *a = rseq_mempool_percpu_zmalloc(pool);
		REQUIRE(a);
		rseq_mempool_percpu_free(a);
		int poisoned = 0;
		for (int cpu = 0; cpu < NR_CPUS; cpu++)
			poisoned += *rseq_percpu_ptr(a, cpu) == POISON;
		check_why(poisoned == NR_CPUS, "a freed item holds the poison on every CPU",
			  "policy %d: %d CPUs", policy, poisoned);
		uintptr_t *b = rseq_mempool_percpu_malloc(pool);
		uintptr_t *c = rseq_mempool_percpu_zmalloc(pool);
		check(b == a && c && *rseq_percpu_ptr(c, 3) == 0,
		      "correct use of a robust pool goes on");
		rseq_mempool_percpu_free(b);
		rseq_mempool_percpu_free(c);
		check(rseq_mempool_destroy(pool) == 0, "an empty robust pool is destroyed");
	}
}

static void double_free_run(void)
{
	struct rseq_mempool *pool = robust_pool(RSEQ_MEMPOOL_POPULATE_COW_INIT);
	void __rseq_percpu *a = rseq_mempool_percpu_malloc(pool);

	rseq_mempool_percpu_free(a);
	note("freeing it again");
	rseq_mempool_percpu_free(a);
	check(false, "the double free was not caught");
}

static void leak_run(void)
{
	struct rseq_mempool *pool = robust_pool(RSEQ_MEMPOOL_POPULATE_COW_ZERO);

	REQUIRE(rseq_mempool_percpu_malloc(pool));
	rseq_mempool_destroy(pool);
	check(false, "the leak was not caught");
}

static void write_after_free_run(void)
{
	struct rseq_mempool *pool = robust_pool(RSEQ_MEMPOOL_POPULATE_COW_INIT);
	char *a = rseq_mempool_percpu_malloc(pool);

	rseq_mempool_percpu_free(a);
	rseq_percpu_ptr(a, NR_CPUS - 1)[ITEM_LEN - 1] = 1;
	rseq_mempool_percpu_malloc(pool);
	check(false, "the write after free was not caught");
}

const struct mempool_test test_robust = { "robust", 6, robust_run };
const struct mempool_test test_robust_double_free = { "robust-double-free", 1, double_free_run };
const struct mempool_test test_robust_leak = { "robust-leak", 1, leak_run };
const struct mempool_test test_robust_write_after_free = { "robust-write-after-free", 1,
							   write_after_free_run };
