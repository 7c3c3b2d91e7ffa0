/* SPDX-License-Identifier: MIT */
/* Pool sets: one pool per power-of-two item size.  The slots change only
   from NULL to a pool, atomically, so that allocations need no lock (and
   fork() none to take).  */
#include <errno.h>
#include <stdlib.h>
#include "internal/export.h"
#include "internal/mempool.h"

using namespace librseq::mempool;

namespace {

struct Set {
	Pool *by_order[sizeof(size_t) * 8];
};

Set *set_of(rseq_mempool_set *handle)
{
	return reinterpret_cast<Set *>(handle);
}

constexpr unsigned int NR_ORDERS = sizeof(size_t) * 8;

void *set_alloc(Set *set, size_t len, const Fill &fill)
{
	if (!set) {
		errno = EINVAL;
		return NULL;
	}
	for (unsigned int order = size_order(len); order < NR_ORDERS; order++) {
		Pool *pool = __atomic_load_n(&set->by_order[order], __ATOMIC_ACQUIRE);

		if (!pool)
			continue;
		void *item = pool_alloc(pool, fill);
		// A full pool (its range limit, or no memory): try a larger one.
		if (item || errno != ENOMEM)
			return item;
	}
	errno = ENOMEM;
	return NULL;
}

} // namespace

extern "C" RSEQ_EXPORT rseq_mempool_set *rseq_mempool_set_create(void)
{
	return reinterpret_cast<rseq_mempool_set *>(calloc(1, sizeof(Set)));
}

extern "C" RSEQ_EXPORT int rseq_mempool_set_destroy(rseq_mempool_set *handle)
{
	Set *set = set_of(handle);
	int ret = 0;

	if (!set)
		return 0;
	for (Pool *pool : set->by_order) {
		if (pool && rseq_mempool_destroy(handle_of(pool)) && !ret)
			ret = -1;
	}
	free(set);
	return ret;
}

extern "C" RSEQ_EXPORT int rseq_mempool_set_add_pool(rseq_mempool_set *handle,
							   rseq_mempool *pool_handle)
{
	Set *set = set_of(handle);
	Pool *pool = pool_of(pool_handle);

	if (!set || !pool) {
		errno = EINVAL;
		return -1;
	}
	Pool *none = nullptr;
	if (!__atomic_compare_exchange_n(&set->by_order[pool->item_order], &none, pool, false,
					 __ATOMIC_RELEASE, __ATOMIC_RELAXED)) {
		errno = EBUSY;
		return -1;
	}
	return 0;
}

extern "C" RSEQ_EXPORT void __rseq_percpu *rseq_mempool_set_percpu_malloc(rseq_mempool_set *set,
									  size_t len)
{
	return set_alloc(set_of(set), len, Fill{ Fill::NONE, nullptr, 0 });
}

extern "C" RSEQ_EXPORT void __rseq_percpu *rseq_mempool_set_percpu_zmalloc(rseq_mempool_set *set,
									   size_t len)
{
	return set_alloc(set_of(set), len, Fill{ Fill::ZERO, nullptr, 0 });
}

extern "C" RSEQ_EXPORT void __rseq_percpu *
rseq_mempool_set_percpu_malloc_init(rseq_mempool_set *set, void *init_ptr, size_t len)
{
	return set_alloc(set_of(set), len, Fill{ Fill::COPY, init_ptr, len });
}
