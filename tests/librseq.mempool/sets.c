/* SPDX-License-Identifier: MIT */
/* sets: one pool per power-of-two size (EBUSY for a second), allocations
   from the smallest pool that fits and has room, the global wrappers, and
   destroying a set destroys its pools.  */
#include <errno.h>
#include "mempool-test.h"

enum { NR_CPUS = 2 };

static struct rseq_mempool *make(size_t item_len, bool global, unsigned long max_ranges)
{
	struct rseq_mempool_attr *attr = mempool_attr_kind(global, NR_CPUS);

	REQUIRE(rseq_mempool_attr_set_max_nr_ranges(attr, max_ranges) == 0);
	struct rseq_mempool *pool = rseq_mempool_create("set", item_len, attr);
	rseq_mempool_attr_destroy(attr);
	REQUIRE(pool);
	return pool;
}

/* Which of POOLS (by their first ranges) P comes from, or -1.  */
static int pool_of(void *p, char *const *firsts, int n)
{
	for (int i = 0; i < n; i++)
		if (((uintptr_t) p & ~((uintptr_t) RSEQ_MEMPOOL_STRIDE - 1)) ==
		    ((uintptr_t) firsts[i] & ~((uintptr_t) RSEQ_MEMPOOL_STRIDE - 1)))
			return i;
	return -1;
}

static void sets_run(void)
{
	struct rseq_mempool_set *set = rseq_mempool_set_create();
	struct rseq_mempool *p16 = make(16, false, 0);
	struct rseq_mempool *p64 = make(64, false, 0);
	/* One range of 32 KiB items: two items, then full.  */
	struct rseq_mempool *big = make(RSEQ_MEMPOOL_STRIDE / 2, false, 1);
	struct rseq_mempool *other16 = make(9, false, 0);
	REQUIRE(set);

	check(rseq_mempool_set_add_pool(set, p16) == 0 && rseq_mempool_set_add_pool(set, p64) == 0 &&
	      rseq_mempool_set_add_pool(set, big) == 0, "add_pool: pools of different sizes");
	errno = 0;
	check(rseq_mempool_set_add_pool(set, other16) == -1 && errno == EBUSY,
	      "add_pool: a second pool of one size is EBUSY");
	errno = 0;
	check(rseq_mempool_set_add_pool(NULL, p16) == -1 && errno == EINVAL &&
	      rseq_mempool_set_add_pool(set, NULL) == -1, "add_pool: NULL is EINVAL");

	/* The first item of each pool names its range.  */
	char *firsts[3];
	REQUIRE(firsts[0] = rseq_mempool_percpu_malloc(p16));
	REQUIRE(firsts[1] = rseq_mempool_percpu_malloc(p64));
	REQUIRE(firsts[2] = rseq_mempool_percpu_malloc(big));
	int64_t init[4] = { 1, 2, 3, 4 };
	void *a = rseq_mempool_set_percpu_malloc(set, 1);
	void *b = rseq_mempool_set_percpu_zmalloc(set, 17);
	int64_t *c = (int64_t *) rseq_mempool_set_percpu_malloc_init(set, init, sizeof(init));
	check_why(pool_of(a, firsts, 3) == 0 && pool_of(b, firsts, 3) == 1 &&
		  pool_of(c, firsts, 3) == 1 && c[0] == 1 && rseq_percpu_ptr(c, 1)[3] == 4,
		  "each allocation comes from the smallest pool that fits", "%d %d %d",
		  pool_of(a, firsts, 3), pool_of(b, firsts, 3), pool_of(c, firsts, 3));
	void *d = rseq_mempool_set_percpu_malloc(set, 1000);
	errno = 0;
	void *e = rseq_mempool_set_percpu_malloc(set, 1000);
	check_why(pool_of(d, firsts, 3) == 2 && !e && errno == ENOMEM,
		  "a full pool with no larger one: ENOMEM", "%d %p", pool_of(d, firsts, 3), e);
	errno = 0;
	check(!rseq_mempool_set_percpu_malloc(set, RSEQ_MEMPOOL_STRIDE + 1) && errno == ENOMEM,
	      "no pool large enough: ENOMEM");
	rseq_mempool_percpu_free(d);
	rseq_mempool_percpu_free(c);
	check(rseq_mempool_set_destroy(set) == 0 && rseq_mempool_destroy(p16) == -1 &&
	      errno == ENOENT, "destroying a set destroys its pools");
	REQUIRE(rseq_mempool_destroy(other16) == 0);

	/* The global wrappers.  */
	set = rseq_mempool_set_create();
	REQUIRE(set);
	REQUIRE(rseq_mempool_set_add_pool(set, make(8, true, 0)) == 0);
	REQUIRE(rseq_mempool_set_add_pool(set, make(32, true, 0)) == 0);
	long *g = rseq_mempool_set_malloc(set, sizeof(long));
	long *gz = rseq_mempool_set_zmalloc(set, 3 * sizeof(long));
	int64_t *gi = rseq_mempool_set_malloc_init(set, init, 2 * sizeof(int64_t));
	check(g && gz && gi && gz[0] == 0 && gz[2] == 0 && gi[0] == 1 && gi[1] == 2,
	      "the global wrappers: plain pointers with their values");
	rseq_mempool_free(g);
	rseq_mempool_free(gz, RSEQ_MEMPOOL_STRIDE);
	rseq_mempool_free(gi);
	check(rseq_mempool_set_destroy(set) == 0, "set_destroy: 0");
	check(rseq_mempool_set_destroy(NULL) == 0, "set_destroy: NULL does nothing");
}

const struct mempool_test test_sets = { "sets", 10, sets_run };
