/* SPDX-License-Identifier: MIT */
/* Creating and destroying pools.  */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <rseq/rseq.h>
#include "internal/export.h"
#include "internal/mempool.h"

using namespace librseq::mempool;

namespace {

bool power_of_two(size_t n)
{
	return n && !(n & (n - 1));
}

// The pool's geometry from its attributes; -errno.
int configure(Pool *pool, size_t item_len, const Attr &attr)
{
	const long page = sysconf(_SC_PAGESIZE);

	pool->attr = attr;
	pool->page_len = page > 0 ? (size_t) page : 4096;
	pool->stride = attr.stride ? attr.stride : RSEQ_MEMPOOL_STRIDE;
	pool->item_order = size_order(item_len);
	if (!item_len || pool->item_order >= sizeof(size_t) * 8)
		return -EINVAL;
	pool->item_len = (size_t) 1 << pool->item_order;
	if (!power_of_two(pool->stride) || pool->stride < pool->page_len ||
	    pool->item_len > pool->stride)
		return -EINVAL;
	if (attr.global) {
		pool->nr_cpus = 1;
	} else if (attr.max_nr_cpus) {
		pool->nr_cpus = attr.max_nr_cpus;
	} else {
		pool->nr_cpus = rseq_get_max_nr_cpus();
		if (pool->nr_cpus < 0)
			return -errno;
	}
	// Room for the reservation, its alignment and the header page.
	if (pool->stride > (SIZE_MAX / 2 - pool->page_len) / ((size_t) pool->nr_cpus + 1))
		return -ENOMEM;
	return 0;
}

void release(Pool *pool)
{
	cache_destroy(pool);
	free(pool->name);
	free(pool);
}

// Robust pools: nothing may be left allocated, and the free items must
// still hold the poison.
void check_at_destroy(const Pool *pool)
{
	for (const Range *range = pool->ranges; range; range = range->next) {
		for (uint32_t slot = 0; slot < range->nr_bumped; slot++) {
			const size_t offset = (size_t) slot * pool->item_len;
			const void *item = range->base + offset;

			if (range->state[slot] == ITEM_ALLOCATED)
				robust_fatal(pool, "destroyed with an item still allocated (leak)",
					     item);
			if (!range_holds_word(range, offset, pool->attr.poison))
				robust_fatal(pool, "freed item written after free (at destroy)",
					     item);
		}
	}
}

} // namespace

extern "C" RSEQ_EXPORT rseq_mempool *rseq_mempool_create(const char *pool_name, size_t item_len,
							 const rseq_mempool_attr *attr)
{
	static const Attr defaults = {};
	Pool *pool = static_cast<Pool *>(calloc(1, sizeof(Pool)));

	if (!pool)
		return NULL;
	int err = configure(pool, item_len, attr ? *attr_of(attr) : defaults);
	if (!err && pool_name && !(pool->name = strdup(pool_name)))
		err = -ENOMEM;
	if (!err && !pool->attr.robust && !cache_create(pool))
		err = -errno;
	if (!err && !(pool->ranges = range_map(pool)))
		err = -errno;
	if (err) {
		release(pool);
		errno = -err;
		return NULL;
	}
	pool->nr_ranges = 1;
	pthread_mutex_init(&pool->lock, NULL);
	registry_insert(pool);
	return handle_of(pool);
}

extern "C" RSEQ_EXPORT int rseq_mempool_destroy(rseq_mempool *handle)
{
	Pool *pool = pool_of(handle);

	if (!pool)
		return 0;
	if (!registry_remove(pool)) {
		errno = ENOENT;
		return -1;
	}
	if (pool->attr.robust)
		check_at_destroy(pool);
	for (Range *range = pool->ranges, *next; range; range = next) {
		next = range->next;
		range_unmap(range);
	}
	pthread_mutex_destroy(&pool->lock);
	release(pool);
	return 0;
}

extern "C" RSEQ_EXPORT int rseq_mempool_get_max_nr_cpus(rseq_mempool *handle)
{
	const Pool *pool = pool_of(handle);

	if (!pool || pool->attr.global) {
		errno = EINVAL;
		return -1;
	}
	return pool->nr_cpus;
}
