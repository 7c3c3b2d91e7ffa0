/* SPDX-License-Identifier: MIT */
/* ranges: items fill a range, then new ranges are mapped, up to
   max_nr_ranges, after which malloc is ENOMEM and maps nothing; freed items
   are given out again.  */
#include "mempool-test.h"
#include <errno.h>
#include <sched.h>

enum { NR_CPUS = 4, ITEMS_PER_RANGE = 4, MAX_RANGES = 3 };
enum { STRIDE = RSEQ_MEMPOOL_STRIDE, ITEM_LEN = STRIDE / ITEMS_PER_RANGE };

/* Pins the calling thread to the Nth CPU it may use; false when there is
   no such CPU.  */
static bool pin_to_nth(const cpu_set_t *allowed, int n)
{
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, allowed) || n--)
			continue;
		cpu_set_t one;

		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		return sched_setaffinity(0, sizeof(one), &one) == 0;
	}
	return false;
}

/* A slot freed on one CPU goes to that CPU's cache; a full pool must find
   it there when another CPU allocates, instead of failing (or, without a
   limit, mapping a range more).  */
static void check_caches_drained(void)
{
	cpu_set_t allowed;

	REQUIRE(sched_getaffinity(0, sizeof(allowed), &allowed) == 0);
	if (CPU_COUNT(&allowed) < 2) {
		unsupported("a slot freed on one CPU is given out on another: "
			    "this process may use one CPU only");
		return;
	}
	struct rseq_mempool_attr *attr = mempool_attr(0, NR_CPUS, RSEQ_MEMPOOL_POPULATE_COW_INIT);
	REQUIRE(rseq_mempool_attr_set_max_nr_ranges(attr, 1) == 0);
	struct rseq_mempool *pool = rseq_mempool_create("drain", ITEM_LEN, attr);
	rseq_mempool_attr_destroy(attr);
	REQUIRE(pool);
	void __rseq_percpu *items[ITEMS_PER_RANGE];
	REQUIRE(pin_to_nth(&allowed, 0));
	for (int i = 0; i < ITEMS_PER_RANGE; i++)
		REQUIRE(items[i] = rseq_mempool_percpu_malloc(pool));
	rseq_mempool_percpu_free(items[1]);
	REQUIRE(pin_to_nth(&allowed, 1));
	errno = 0;
	void __rseq_percpu *again = rseq_mempool_percpu_malloc(pool);
	check_why(again == items[1], "a slot freed on one CPU is given out on another",
		  "%p, errno %d", (void *) again, errno);
	REQUIRE(sched_setaffinity(0, sizeof(allowed), &allowed) == 0);
	REQUIRE(rseq_mempool_destroy(pool) == 0);
}

static void ranges_run(void)
{
	struct rseq_mempool_attr *attr = mempool_attr(0, NR_CPUS, RSEQ_MEMPOOL_POPULATE_COW_INIT);
	REQUIRE(rseq_mempool_attr_set_max_nr_ranges(attr, MAX_RANGES) == 0);
	/* One byte more than a quarter: rounded up to half the stride.  */
	struct rseq_mempool *halves = rseq_mempool_create("halves", ITEM_LEN + 1, attr);
	struct rseq_mempool *pool = rseq_mempool_create("ranges", ITEM_LEN - 1, attr);
	rseq_mempool_attr_destroy(attr);
	REQUIRE(pool && halves);

	char *items[MAX_RANGES * ITEMS_PER_RANGE];
	int distinct = 0, same_range = 0, new_ranges = 0;
	for (int i = 0; i < MAX_RANGES * ITEMS_PER_RANGE; i++) {
		items[i] = rseq_mempool_percpu_zmalloc(pool);
		REQUIRE(items[i]);
		distinct += i == 0 || items[i] != items[i - 1];
		const uintptr_t range = (uintptr_t) items[i] & ~((uintptr_t) STRIDE - 1);
		const uintptr_t first = (uintptr_t) items[i - i % ITEMS_PER_RANGE] &
					~((uintptr_t) STRIDE - 1);
		same_range += range == first;
		new_ranges += i % ITEMS_PER_RANGE == 0 && i > 0 &&
			      range != ((uintptr_t) items[i - 1] & ~((uintptr_t) STRIDE - 1));
		/* Write every CPU's copy: the items must not overlap.  */
		for (int cpu = 0; cpu < NR_CPUS; cpu++)
			memset(rseq_percpu_ptr(items[i], cpu), i + 1, ITEM_LEN);
	}
	check(distinct == MAX_RANGES * ITEMS_PER_RANGE &&
	      same_range == MAX_RANGES * ITEMS_PER_RANGE && new_ranges == MAX_RANGES - 1,
	      "items fill a range, then the next range is mapped");
	int intact = 0;
	for (int i = 0; i < MAX_RANGES * ITEMS_PER_RANGE; i++)
		for (int cpu = 0; cpu < NR_CPUS; cpu++)
			intact += mempool_bytes_are(rseq_percpu_ptr(items[i], cpu), ITEM_LEN,
						    (unsigned char) (i + 1));
	check(intact == MAX_RANGES * ITEMS_PER_RANGE * NR_CPUS,
	      "no item overlaps another on any CPU");

	const long before = mempool_nr_mappings();
	errno = 0;
	void __rseq_percpu *more = rseq_mempool_percpu_malloc(pool);
	check_why(!more && errno == ENOMEM && mempool_nr_mappings() == before,
		  "malloc past max_nr_ranges is ENOMEM and maps nothing", "%p, errno %d",
		  (void *) more, errno);

	rseq_mempool_percpu_free(items[5]);
	rseq_mempool_percpu_free(items[2], STRIDE);
	char *again = rseq_mempool_percpu_zmalloc(pool);
	char *again2 = rseq_mempool_percpu_malloc(pool);
	check((again == items[2] || again == items[5]) && (again2 == items[2] ||
	      again2 == items[5]) && again != again2, "freed items are given out again");
	int zero = 0;
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		zero += mempool_bytes_are(rseq_percpu_ptr(again, cpu), ITEM_LEN, 0);
	check(zero == NR_CPUS, "zmalloc of a reused item zeroes it on every CPU");
	errno = 0;
	check(!rseq_mempool_percpu_malloc(pool) && errno == ENOMEM, "full again: ENOMEM");

	char *h = rseq_mempool_percpu_malloc(halves);
	char *h2 = rseq_mempool_percpu_malloc(halves);
	check(h && h2 && (uintptr_t) h2 - (uintptr_t) h == STRIDE / 2,
	      "item lengths are rounded up to a power of two");
	REQUIRE(rseq_mempool_destroy(halves) == 0);
	REQUIRE(rseq_mempool_destroy(pool) == 0);
	check_caches_drained();
}

const struct mempool_test test_ranges = { "ranges", 8, ranges_run };
