/* SPDX-License-Identifier: MIT */
/* rss: one item with initial values in a pool of 1024 possible CPUs costs
   a few pages with COW_INIT, not one per CPU; with COW_ZERO, zmalloc costs
   none per CPU and malloc_init one per CPU (which shows that the
   measurement sees per-CPU pages).  Measured as /proc/self/smaps_rollup's
   Pss (a page shared by the CPUs' mappings counts once) and Anonymous (the
   pages CPUs own).  */
#include "mempool-test.h"

enum { NR_CPUS = 1024, ITEM_LEN = 64 };
/* Pages of slack for everything else the measurement sees (stdio, the
   pool's own metadata).  */
enum { BOUND_KIB = 256 };

struct cost {
	long pss, anon, rss;
};

static struct cost measure(void)
{
	struct cost c = { mempool_rollup_kib("Pss"), mempool_rollup_kib("Anonymous"),
			  mempool_rollup_kib("Rss") };
	return c;
}

/* The cost of allocating one item in a new pool of POLICY.  */
static struct cost one_item(enum rseq_mempool_populate_policy policy, bool zero)
{
	struct rseq_mempool_attr *attr = mempool_attr(0, NR_CPUS, policy);
	struct rseq_mempool *pool = rseq_mempool_create("rss", ITEM_LEN, attr);
	unsigned char init[ITEM_LEN];

	rseq_mempool_attr_destroy(attr);
	REQUIRE(pool);
	memset(init, 0x42, sizeof(init));
	const struct cost before = measure();
	char *p = zero ? rseq_mempool_percpu_zmalloc(pool)
		       : rseq_mempool_percpu_malloc_init(pool, init, sizeof(init));
	REQUIRE(p);
	const struct cost after = measure();
	/* The values are there on every CPU.  */
	int good = 0;
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		good += mempool_bytes_are(rseq_percpu_ptr(p, cpu), ITEM_LEN, zero ? 0 : 0x42);
	REQUIRE(good == NR_CPUS);
	rseq_mempool_percpu_free(p);
	REQUIRE(rseq_mempool_destroy(pool) == 0);
	const struct cost d = { after.pss - before.pss, after.anon - before.anon,
				after.rss - before.rss };
	return d;
}

static void rss_run(void)
{
	if (mempool_rollup_kib("Pss") < 0) {
		for (int i = 0; i < 3; i++)
			unsupported("rss: /proc/self/smaps_rollup is missing (Linux < 4.14)");
		return;
	}
	const struct cost init = one_item(RSEQ_MEMPOOL_POPULATE_COW_INIT, false);
	const struct cost zero = one_item(RSEQ_MEMPOOL_POPULATE_COW_ZERO, true);
	const struct cost dear = one_item(RSEQ_MEMPOOL_POPULATE_COW_ZERO, false);

	note("one %d-byte item, %d CPUs: COW_INIT malloc_init: Pss %+ld KiB, Anonymous %+ld KiB, "
	     "Rss %+ld KiB", ITEM_LEN, NR_CPUS, init.pss, init.anon, init.rss);
	note("COW_ZERO zmalloc: Pss %+ld KiB, Anonymous %+ld KiB, Rss %+ld KiB", zero.pss,
	     zero.anon, zero.rss);
	note("COW_ZERO malloc_init: Pss %+ld KiB, Anonymous %+ld KiB, Rss %+ld KiB", dear.pss,
	     dear.anon, dear.rss);
	check_why(init.pss <= BOUND_KIB && init.anon <= BOUND_KIB,
		  "COW_INIT: malloc_init of one item in 1024 CPUs costs at most 256 KiB",
		  "Pss %+ld KiB, Anonymous %+ld KiB", init.pss, init.anon);
	check_why(zero.pss <= BOUND_KIB && zero.anon <= BOUND_KIB,
		  "COW_ZERO: zmalloc of one item in 1024 CPUs costs at most 256 KiB",
		  "Pss %+ld KiB, Anonymous %+ld KiB", zero.pss, zero.anon);
	/* One page per CPU: 4 MiB with 4 KiB pages.  */
	check_why(dear.anon >= NR_CPUS * 4 * 3 / 4,
		  "COW_ZERO: malloc_init writes a page on every CPU, and the measure shows it",
		  "Anonymous %+ld KiB", dear.anon);
}

const struct mempool_test test_rss = { "rss", 3, rss_run };
