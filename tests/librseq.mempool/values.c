/* SPDX-License-Identifier: MIT */
/* values: in both populate policies, zmalloc and malloc_init give every
   CPU's copy the same values, also for an item reused after other values
   were written to some CPUs' copies; writing one CPU's copy changes no
   other.  */
#include "mempool-test.h"

enum { NR_CPUS = 64, ITEM_LEN = 256 };

static const char *const policy_names[] = { "COW_INIT", "COW_ZERO" };

/* How many CPUs' copies of P hold INIT (LEN bytes) then zeros.  */
static int cpus_holding(const char *p, const unsigned char *init, size_t len)
{
	int n = 0;

	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		const char *c = rseq_percpu_ptr(p, cpu);

		n += !memcmp(c, init, len) && mempool_bytes_are(c + len, ITEM_LEN - len, 0);
	}
	return n;
}

static void policy_run(enum rseq_mempool_populate_policy policy)
{
	const char *name = policy_names[policy];
	struct rseq_mempool_attr *attr = mempool_attr(0, NR_CPUS, policy);
	struct rseq_mempool *pool = rseq_mempool_create(name, ITEM_LEN, attr);
	rseq_mempool_attr_destroy(attr);
	REQUIRE(pool);

	unsigned char init[ITEM_LEN / 2];
	for (size_t i = 0; i < sizeof(init); i++)
		init[i] = (unsigned char) (i * 7 + 1);
	char *a = rseq_mempool_percpu_malloc_init(pool, init, sizeof(init));
	char *z = rseq_mempool_percpu_zmalloc(pool);
	REQUIRE(a && z);
	check_why(cpus_holding(a, init, sizeof(init)) == NR_CPUS,
		  "malloc_init: every CPU's copy holds the initial values, then zeros", "%s: %d",
		  name, cpus_holding(a, init, sizeof(init)));
	check_why(cpus_holding(z, init, 0) == NR_CPUS, "zmalloc: every CPU's copy is zero",
		  "%s: %d", name, cpus_holding(z, init, 0));

	/* Some CPUs write their copies (their pages become their own), then
	   the items are freed and given out again.  */
	for (int cpu = 0; cpu < NR_CPUS; cpu += 3) {
		memset(rseq_percpu_ptr(a, cpu), 0xee, ITEM_LEN);
		memset(rseq_percpu_ptr(z, cpu), 0xdd, ITEM_LEN);
	}
	int others = 0;
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		others += cpu % 3 && mempool_bytes_are(rseq_percpu_ptr(z, cpu), ITEM_LEN, 0);
	check_why(others == NR_CPUS - (NR_CPUS + 2) / 3,
		  "writing some CPUs' copies changes no other CPU's", "%s: %d", name, others);
	rseq_mempool_percpu_free(a);
	rseq_mempool_percpu_free(z);
	char *z2 = rseq_mempool_percpu_zmalloc(pool);
	char *a2 = rseq_mempool_percpu_malloc_init(pool, init, sizeof(init));
	REQUIRE(a2 && z2);
	check_why(cpus_holding(a2, init, sizeof(init)) == NR_CPUS &&
		  cpus_holding(z2, init, 0) == NR_CPUS,
		  "a reused item gets the new values on every CPU, written or not", "%s: %d %d",
		  name, cpus_holding(a2, init, sizeof(init)), cpus_holding(z2, init, 0));
	REQUIRE(rseq_mempool_destroy(pool) == 0);
}

static void values_run(void)
{
	policy_run(RSEQ_MEMPOOL_POPULATE_COW_INIT);
	policy_run(RSEQ_MEMPOOL_POPULATE_COW_ZERO);
}

const struct mempool_test test_values = { "values", 8, values_run };
