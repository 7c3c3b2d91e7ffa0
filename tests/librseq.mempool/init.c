/* SPDX-License-Identifier: MIT */
/* init: the init callback runs once per CPU for every range (CPU -1 for a
   global pool) with that CPU's stride; when it fails, so does the create or
   the malloc that mapped the range, with its errno, mapping nothing.  */
#include <errno.h>
#include "mempool-test.h"

enum { NR_CPUS = 3, ITEMS_PER_RANGE = 2, MAX_CALLS = 64 };

struct calls {
	int n;
	int fail_after;		/* fail once this many calls succeeded; -1 never */
	void *addr[MAX_CALLS];
	size_t len[MAX_CALLS];
	int cpu[MAX_CALLS];
};

static int count_init(void *priv, void *addr, size_t len, int cpu)
{
	struct calls *c = priv;

	if (c->fail_after >= 0 && c->n >= c->fail_after) {
		errno = EIO;
		return -1;
	}
	REQUIRE(c->n < MAX_CALLS);
	c->addr[c->n] = addr;
	c->len[c->n] = len;
	c->cpu[c->n++] = cpu;
	/* A callback may write the range: the pool must still hand out
	   zeroed items from zmalloc.  */
	memset(addr, 0x5a, 16);
	return 0;
}

/* Whether calls [FROM, FROM + NR_CPUS) were the CPUs of the range of ITEM in
   order.  */
static bool range_calls(const struct calls *c, int from, const void *item, int nr_cpus,
			bool global)
{
	const uintptr_t base = (uintptr_t) item & ~((uintptr_t) RSEQ_MEMPOOL_STRIDE - 1);

	for (int cpu = 0; cpu < nr_cpus; cpu++) {
		if (c->cpu[from + cpu] != (global ? -1 : cpu) ||
		    c->len[from + cpu] != RSEQ_MEMPOOL_STRIDE ||
		    (uintptr_t) c->addr[from + cpu] != base + (uintptr_t) cpu * RSEQ_MEMPOOL_STRIDE)
			return false;
	}
	return true;
}

/* Pages exist once written: move_pages then has something to move.  */
static int numa_init(void *priv, void *addr, size_t len, int cpu)
{
	int *err = priv;

	memset(addr, 1, 1);
	if (rseq_mempool_range_init_numa(addr, len, cpu, 2 /* MPOL_MF_MOVE */)) {
		*err = errno;
		return -1;
	}
	return 0;
}

static void check_numa(void)
{
	struct rseq_mempool_attr *attr = mempool_attr(0, NR_CPUS, RSEQ_MEMPOOL_POPULATE_COW_ZERO);
	int err = 0;

	REQUIRE(rseq_mempool_attr_set_init(attr, numa_init, &err) == 0);
	struct rseq_mempool *pool = rseq_mempool_create("numa", 64, attr);
	rseq_mempool_attr_destroy(attr);
	if (!pool && err == EPERM) {
		unsupported("range_init_numa: move_pages(2) is not permitted here");
		return;
	}
	char *p = pool ? rseq_mempool_percpu_zmalloc(pool) : NULL;
	check_why(p && mempool_bytes_are(rseq_percpu_ptr(p, NR_CPUS - 1), 64, 0) &&
		  rseq_mempool_range_init_numa(p, 64, -1, 0) == 0,
		  "range_init_numa: an init callback moves each CPU's pages to its node",
		  "%p, errno %d", (void *) pool, err);
	if (pool)
		REQUIRE(rseq_mempool_destroy(pool) == 0);
}

static struct rseq_mempool *create(struct calls *c, bool global)
{
	struct rseq_mempool_attr *attr = mempool_attr_kind(global, NR_CPUS);

	REQUIRE(rseq_mempool_attr_set_init(attr, count_init, c) == 0);
	struct rseq_mempool *pool = rseq_mempool_create("init", RSEQ_MEMPOOL_STRIDE /
							ITEMS_PER_RANGE, attr);
	rseq_mempool_attr_destroy(attr);
	return pool;
}

static void init_run(void)
{
	struct calls c = { .fail_after = -1 };
	struct rseq_mempool *pool = create(&c, false);
	REQUIRE(pool);
	check_why(c.n == NR_CPUS, "create calls it once per CPU", "%d calls", c.n);
	char *items[2 * ITEMS_PER_RANGE];
	for (int i = 0; i < 2 * ITEMS_PER_RANGE; i++)
		REQUIRE(items[i] = rseq_mempool_percpu_zmalloc(pool));
	check_why(c.n == 2 * NR_CPUS && range_calls(&c, 0, items[0], NR_CPUS, false) &&
		  range_calls(&c, NR_CPUS, items[ITEMS_PER_RANGE], NR_CPUS, false),
		  "each new range: once per CPU, with the CPU's number, address and stride",
		  "%d calls", c.n);
	int zero = 0;
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		zero += mempool_bytes_are(rseq_percpu_ptr(items[0], cpu), 16, 0);
	check(zero == NR_CPUS, "zmalloc zeroes what the callback wrote");

	c.fail_after = c.n;
	const long before = mempool_nr_mappings();
	errno = 0;
	void __rseq_percpu *p = rseq_mempool_percpu_malloc(pool);
	check_why(!p && errno == EIO && mempool_nr_mappings() == before,
		  "a failing callback fails the malloc that maps a range, with its errno, "
		  "mapping nothing", "%p, errno %d", (void *) p, errno);
	c.fail_after = -1;
	p = rseq_mempool_percpu_malloc(pool);
	check_why(p && c.n == 3 * NR_CPUS, "the next malloc maps the range", "%d calls", c.n);
	REQUIRE(rseq_mempool_destroy(pool) == 0);

	struct calls fail = { .fail_after = 1 };
	const long before_create = mempool_nr_mappings();
	errno = 0;
	pool = create(&fail, false);
	check_why(!pool && errno == EIO && mempool_nr_mappings() == before_create,
		  "a failing callback fails create, with its errno, mapping nothing",
		  "%p, errno %d", (void *) pool, errno);

	struct calls g = { .fail_after = -1 };
	pool = create(&g, true);
	REQUIRE(pool);
	void *gi = rseq_mempool_malloc(pool);
	check_why(gi && g.n == 1 && range_calls(&g, 0, gi, 1, true),
		  "a global pool's range: one call, CPU -1", "%d calls, cpu %d", g.n, g.cpu[0]);
	REQUIRE(rseq_mempool_destroy(pool) == 0);
	check_numa();
}

const struct mempool_test test_init = { "init", 8, init_run };
