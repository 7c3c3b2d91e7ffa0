/* SPDX-License-Identifier: MIT */
/* The per-CPU caches of free slots (internal/mempool-cache.h): making,
   unmaking and draining them.  The locked path drains every cache back to
   the ranges before it maps a new range, so that slots freed on one CPU and
   wanted on another never make the pool grow.  */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <rseq/rseq.h>
#include "internal/mempool-cache.h"

namespace librseq::mempool {

bool cache_create(Pool *pool)
{
	const int n = rseq_get_max_nr_cpus();
	void *heads = nullptr;

	if (n < 0)
		return false;
	if (posix_memalign(&heads, 64, (size_t) n * CACHE_HEAD_STRIDE * sizeof(intptr_t))) {
		errno = ENOMEM;
		return false;
	}
	memset(heads, 0, (size_t) n * CACHE_HEAD_STRIDE * sizeof(intptr_t));
	pool->cache_heads = static_cast<intptr_t *>(heads);
	pool->cache_nr_cpus = n;
	return true;
}

void cache_destroy(Pool *pool)
{
	free(pool->cache_heads);
}

void cache_drain(Pool *pool)
{
	if (!pool->cache_heads)
		return;
	for (int cpu = 0; cpu < pool->cache_nr_cpus; cpu++) {
		intptr_t *head = cache_head(pool->cache_heads, cpu);
		intptr_t list;

		// The whole list at once: compare the head, store empty; again
		// when a push or pop on that CPU changed it meanwhile.
		for (;;) {
			list = RSEQ_READ_ONCE(*head);
			if (!list)
				break;
			const int ret = rseq_load_cbne_store__ptr_opv(RSEQ_MO_RELAXED,
								     RSEQ_PERCPU_CPU_ID, head, list,
								     0, cpu);
			if (ret == 0)
				break;
			if (ret < 0) {
				list = 0;
				break;
			}
		}
		while (list) {
			CacheLink *link = reinterpret_cast<CacheLink *>(list);
			const uintptr_t base = (uintptr_t) link->item & ~((uintptr_t) pool->stride - 1);
			Range *range = reinterpret_cast<Range **>(base)[-1];

			list = link->next;
			range_release_slot(range, (uint32_t) (link - range->links));
		}
	}
}

} // namespace librseq::mempool
