/* SPDX-License-Identifier: MIT */
/* Allocating and freeing items: one slot on every CPU.  */
#include <errno.h>
#include "internal/export.h"
#include "internal/mempool-cache.h"

using namespace librseq::mempool;

namespace {

// A slot of RANGE, or -1 when it is full: the most recently freed first,
// whose pages are the likeliest to be present already.
long take_slot(Range *range)
{
	if (range->free_head) {
		const uint32_t slot = range->free_head - 1;

		range->free_head = range->free_next[slot];
		return slot;
	}
	if (range->nr_bumped == range->nr_items)
		return -1;
	const uint32_t slot = range->nr_bumped++;
	if (range->links)
		range->links[slot].item = range->base + ((size_t) slot << range->item_order);
	return slot;
}

// Under the pool's lock: a range with room, mapping one if needed.
Range *range_with_room(Pool *pool, long *slot)
{
	for (Range *range = pool->ranges; range; range = range->next)
		if ((*slot = take_slot(range)) >= 0)
			return range;
	// Slots freed into the CPUs' caches first: without them, frees on
	// one CPU and mallocs on another would make the pool grow forever.
	cache_drain(pool);
	for (Range *range = pool->ranges; range; range = range->next)
		if ((*slot = take_slot(range)) >= 0)
			return range;
	if (pool->attr.max_nr_ranges && pool->nr_ranges >= pool->attr.max_nr_ranges) {
		errno = ENOMEM;
		return NULL;
	}
	Range *range = range_map(pool);
	if (!range)
		return NULL;
	// Last in the list, so that older ranges fill up first.
	Range **tail = &pool->ranges;
	while (*tail)
		tail = &(*tail)->next;
	*tail = range;
	pool->nr_ranges++;
	*slot = take_slot(range);
	return range;
}

bool poisons(const Pool *pool)
{
	return pool->attr.robust || pool->attr.poison_set;
}

} // namespace

namespace librseq::mempool {

unsigned int size_order(size_t len)
{
	unsigned int order = 0;

	while (((size_t) 1 << order) < sizeof(void *))
		order++;
	while (order < sizeof(size_t) * 8 && ((size_t) 1 << order) < len)
		order++;
	return order;
}

void *pool_alloc(Pool *pool, const Fill &fill)
{
	if (!pool || (fill.kind == Fill::COPY && (fill.len > pool->item_len || !fill.src))) {
		errno = EINVAL;
		return NULL;
	}
	if (uint8_t *cached = cache_pop(pool)) {
		// Without the lock: a fork() meanwhile leaves this item, which
		// the child never sees, as the only one whose shared initial
		// values may change under it.
		if (fill.kind != Fill::NONE) {
			Range *range = range_of(cached, pool->stride);

			range_fill(range, (size_t) (cached - range->base), fill);
		}
		return cached;
	}
	pthread_mutex_lock(&pool->lock);
	long slot;
	Range *range = range_with_room(pool, &slot);
	if (!range) {
		pthread_mutex_unlock(&pool->lock);
		return NULL;
	}
	const size_t offset = (size_t) slot * pool->item_len;
	uint8_t *item = range->base + offset;

	if (pool->attr.robust && range->state[slot] == ITEM_FREE &&
	    !range_holds_word(range, offset, pool->attr.poison))
		robust_fatal(pool, "freed item written after free", item);
	range->state[slot] = ITEM_ALLOCATED;
	range->nr_allocated++;
	// Under the lock: fork() must not see the shared initial values half
	// written (see mempool-registry.cpp).
	range_fill(range, offset, fill);
	pthread_mutex_unlock(&pool->lock);
	return item;
}

void range_release_slot(Range *range, uint32_t slot)
{
	range->state[slot] = ITEM_FREE;
	range->nr_allocated--;
	range->free_next[slot] = range->free_head;
	range->free_head = slot + 1;
}

} // namespace librseq::mempool

extern "C" RSEQ_EXPORT void __rseq_percpu *rseq_mempool_percpu_malloc(rseq_mempool *pool)
{
	// The fast path first, without the detour through the fills.
	if (pool)
		if (uint8_t *cached = cache_pop(pool_of(pool)))
			return cached;
	return pool_alloc(pool_of(pool), Fill{ Fill::NONE, nullptr, 0 });
}

extern "C" RSEQ_EXPORT void __rseq_percpu *rseq_mempool_percpu_zmalloc(rseq_mempool *pool)
{
	return pool_alloc(pool_of(pool), Fill{ Fill::ZERO, nullptr, 0 });
}

extern "C" RSEQ_EXPORT void __rseq_percpu *
rseq_mempool_percpu_malloc_init(rseq_mempool *pool, void *init_ptr, size_t init_len)
{
	return pool_alloc(pool_of(pool), Fill{ Fill::COPY, init_ptr, init_len });
}

extern "C" RSEQ_EXPORT void librseq_mempool_percpu_free(void __rseq_percpu *ptr, size_t stride)
{
	if (!ptr)
		return;
	Range *range = range_of(ptr, stride);
	const size_t offset = (uintptr_t) ptr - (uintptr_t) range->base;
	const uint32_t slot = (uint32_t) (offset >> range->item_order);

	if (range->push_only && cache_push(range, slot))
		return;
	Pool *pool = range->pool;
	if (!pool->attr.robust) {
		if (poisons(pool))
			range_fill_word(range, offset, pool->attr.poison);
		if (cache_push(range, slot))
			return;
		pthread_mutex_lock(&pool->lock);
		range_release_slot(range, slot);
		pthread_mutex_unlock(&pool->lock);
		return;
	}
	pthread_mutex_lock(&pool->lock);
	if (pool->stride != stride || offset & (pool->item_len - 1) || slot >= range->nr_bumped ||
	    range->state[slot] != ITEM_ALLOCATED)
		robust_fatal(pool, "double free, or free of a pointer that is no allocated item",
			     ptr);
	range_fill_word(range, offset, pool->attr.poison);
	range_release_slot(range, slot);
	pthread_mutex_unlock(&pool->lock);
}
