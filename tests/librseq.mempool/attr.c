/* SPDX-License-Identifier: MIT */
/* attr: every setter's valid and invalid values, every error of
   rseq_mempool_create() and of the calls on a pool, each with its errno,
   and no mapping left behind by a call that failed.  */
#include <errno.h>
#include <unistd.h>
#include "mempool-test.h"

static int no_init(void *priv, void *addr, size_t len, int cpu)
{
	(void) priv; (void) addr; (void) len; (void) cpu;
	return 0;
}

/* RET must be -1 with errno EXPECTED.  */
static void check_fails(int ret, int expected, const char *what)
{
	const int err = errno;

	check_why(ret == -1 && err == expected, what, "returned %d, errno %d", ret, err);
}

static void check_setters(void)
{
	struct rseq_mempool_attr *attr = rseq_mempool_attr_create();

	REQUIRE(attr);
	check(rseq_mempool_attr_set_init(attr, no_init, attr) == 0 &&
	      rseq_mempool_attr_set_init(attr, NULL, NULL) == 0 &&
	      rseq_mempool_attr_set_robust(attr) == 0 &&
	      rseq_mempool_attr_set_percpu(attr, 0, 0) == 0 &&
	      rseq_mempool_attr_set_percpu(attr, 1 << 20, 4096) == 0 &&
	      rseq_mempool_attr_set_global(attr, 0) == 0 &&
	      rseq_mempool_attr_set_global(attr, 1 << 12) == 0 &&
	      rseq_mempool_attr_set_max_nr_ranges(attr, 0) == 0 &&
	      rseq_mempool_attr_set_max_nr_ranges(attr, ~0UL) == 0 &&
	      rseq_mempool_attr_set_poison(attr, 0) == 0 &&
	      rseq_mempool_attr_set_poison(attr, ~(uintptr_t) 0) == 0 &&
	      rseq_mempool_attr_set_populate_policy(attr, RSEQ_MEMPOOL_POPULATE_COW_INIT) == 0 &&
	      rseq_mempool_attr_set_populate_policy(attr, RSEQ_MEMPOOL_POPULATE_COW_ZERO) == 0,
	      "every setter accepts its valid values");
	check_fails(rseq_mempool_attr_set_percpu(attr, 0, -1), EINVAL,
		    "set_percpu: a negative number of CPUs is EINVAL");
	check_fails(rseq_mempool_attr_set_populate_policy(attr,
							  (enum rseq_mempool_populate_policy) 2),
		    EINVAL, "set_populate_policy: an unknown policy is EINVAL");
	errno = 0;
	check(rseq_mempool_attr_set_init(NULL, no_init, NULL) == -1 && errno == EINVAL &&
	      rseq_mempool_attr_set_robust(NULL) == -1 &&
	      rseq_mempool_attr_set_percpu(NULL, 0, 0) == -1 &&
	      rseq_mempool_attr_set_global(NULL, 0) == -1 &&
	      rseq_mempool_attr_set_max_nr_ranges(NULL, 0) == -1 &&
	      rseq_mempool_attr_set_poison(NULL, 0) == -1 &&
	      rseq_mempool_attr_set_populate_policy(NULL, RSEQ_MEMPOOL_POPULATE_COW_INIT) == -1 &&
	      errno == EINVAL, "every setter gives EINVAL for a NULL attribute");
	rseq_mempool_attr_destroy(attr);
	rseq_mempool_attr_destroy(NULL);
}

/* rseq_mempool_create(NAME, ITEM_LEN) with a per-CPU stride STRIDE must
   fail with EXPECTED and leave no mapping.  */
static void check_create_fails(size_t item_len, size_t stride, bool global, int expected,
			       const char *what)
{
	struct rseq_mempool_attr *attr = rseq_mempool_attr_create();

	REQUIRE(attr);
	if (global)
		REQUIRE(rseq_mempool_attr_set_global(attr, stride) == 0);
	else
		REQUIRE(rseq_mempool_attr_set_percpu(attr, stride, 4) == 0);
	const long before = mempool_nr_mappings();
	errno = 0;
	struct rseq_mempool *pool = rseq_mempool_create("bad", item_len, attr);
	const int err = errno;
	const long after = mempool_nr_mappings();

	check_why(!pool && err == expected && after == before, what,
		  "pool %p, errno %d, %ld mappings before, %ld after", (void *) pool, err, before,
		  after);
	rseq_mempool_attr_destroy(attr);
}

static void check_create(void)
{
	const size_t page = (size_t) sysconf(_SC_PAGESIZE);

	check_create_fails(RSEQ_MEMPOOL_STRIDE + 1, 0, false, EINVAL,
			   "create: an item larger than the stride is EINVAL");
	check_create_fails(64, 3 * page, false, EINVAL,
			   "create: a stride that is no power of two is EINVAL");
	check_create_fails(8, page / 2, false, EINVAL,
			   "create: a stride smaller than a page is EINVAL");
	check_create_fails(0, 0, false, EINVAL, "create: an item of 0 bytes is EINVAL");
	check_create_fails(64, 3 * page, true, EINVAL,
			   "create: a global pool checks its stride too");
	check_create_fails(64, (size_t) 1 << (sizeof(size_t) * 8 - 2), false, ENOMEM,
			   "create: more address space than there is is ENOMEM");

	struct rseq_mempool *pool = rseq_mempool_create(NULL, 1, NULL);
	check(pool != NULL && rseq_mempool_get_max_nr_cpus(pool) == rseq_get_max_nr_cpus(),
	      "a NULL attribute and a NULL name: per-CPU, rseq_get_max_nr_cpus() CPUs");
	check_fails(rseq_mempool_get_max_nr_cpus(NULL), EINVAL,
		    "get_max_nr_cpus: NULL is EINVAL");
	errno = 0;
	check(rseq_mempool_percpu_malloc(NULL) == NULL && errno == EINVAL,
	      "malloc: a NULL pool is EINVAL");
	char big[2 * sizeof(void *)];
	memset(big, 1, sizeof(big));
	const long before = mempool_nr_mappings();
	errno = 0;
	void __rseq_percpu *p = rseq_mempool_percpu_malloc_init(pool, big, sizeof(big));
	check_why(p == NULL && errno == EINVAL && mempool_nr_mappings() == before,
		  "malloc_init: more initial bytes than the item holds is EINVAL",
		  "%p, errno %d", (void *) p, errno);
	check(rseq_mempool_destroy(pool) == 0, "destroy: 0");
	check_fails(rseq_mempool_destroy(pool), ENOENT, "destroy: a pool destroyed already is ENOENT");
	check(rseq_mempool_destroy(NULL) == 0, "destroy: NULL does nothing");

	struct rseq_mempool_attr *attr = rseq_mempool_attr_create();
	REQUIRE(attr && rseq_mempool_attr_set_global(attr, 0) == 0);
	pool = rseq_mempool_create("global", sizeof(long), attr);
	rseq_mempool_attr_destroy(attr);
	REQUIRE(pool);
	check_fails(rseq_mempool_get_max_nr_cpus(pool), EINVAL,
		    "get_max_nr_cpus: a global pool is EINVAL");
	long *g = rseq_mempool_zmalloc(pool);
	check(g && *g == 0, "a global pool's item is a plain zeroed pointer");
	rseq_mempool_free(g);
	REQUIRE(rseq_mempool_destroy(pool) == 0);
}

static void attr_run(void)
{
	check_setters();
	check_create();
}

const struct mempool_test test_attr = { "attr", 19, attr_run };
