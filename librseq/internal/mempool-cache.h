/* SPDX-License-Identifier: MIT */
/* The per-CPU caches of free slots: a free on CPU c pushes the slot on c's
   list, a malloc on c pops from it, each a restartable sequence on c's list
   head, so that neither takes the pool's lock.  The caches are indexed by
   CPU number whatever the pool (a global pool has them too).  Inline: they
   are the whole fast path of malloc and free.  A thread whose sequences
   keep aborting (it is not registered: they abort at once; or a debugger
   single-steps it) takes the locked path instead, which always completes.  */
#ifndef LIBRSEQ_INTERNAL_MEMPOOL_CACHE_H
#define LIBRSEQ_INTERNAL_MEMPOOL_CACHE_H

#include <stddef.h>
#include <rseq/rseq.h>
#include "mempool.h"

namespace librseq::mempool {

// One cache line per head: CPUs never share one.
constexpr size_t CACHE_HEAD_STRIDE = 64 / sizeof(intptr_t);
constexpr int CACHE_ATTEMPTS = 8;

inline intptr_t *cache_head(intptr_t *heads, int cpu)
{
	return &heads[(size_t) cpu * CACHE_HEAD_STRIDE];
}

// An item, or NULL: empty, or the locked path must do.
inline uint8_t *cache_pop(const Pool *pool)
{
	if (!pool->cache_heads)
		return nullptr;
	for (int attempt = 0; attempt < CACHE_ATTEMPTS; attempt++) {
		const int cpu = (int) rseq_cpu_start();
		intptr_t link;
		const int ret = rseq_load_cbeq_store_add_load_store__ptr(
			RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID, cache_head(pool->cache_heads, cpu), 0,
			offsetof(CacheLink, next), &link, cpu);

		if (ret == 0)
			return reinterpret_cast<CacheLink *>(link)->item;
		if (ret > 0)
			return nullptr;
	}
	return nullptr;
}

// False when the locked path must do.  The link's item was set when its
// slot was first given out (take_slot()).
inline bool cache_push(Range *range, uint32_t slot)
{
	if (!range->cache_heads)
		return false;
	CacheLink *link = &range->links[slot];

	for (int attempt = 0; attempt < CACHE_ATTEMPTS; attempt++) {
		const int cpu = (int) rseq_cpu_start();
		intptr_t *head = cache_head(range->cache_heads, cpu);
		const intptr_t seen = RSEQ_READ_ONCE(*head);

		// Only this thread sees the link until the head points to it.
		link->next = seen;
		if (rseq_load_cbne_store__ptr(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID, head, seen,
					      (intptr_t) link, cpu) == 0)
			return true;
	}
	return false;
}

} // namespace librseq::mempool

#endif
