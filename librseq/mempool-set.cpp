/* SPDX-License-Identifier: MIT */
/* Pool sets: one pool per power-of-two item size.  The slots change only
   from NULL to a pool, atomically, so that allocations need no lock (and
   fork() none to take).  */
#include <errno.h>
#include <stdlib.h>
#include "internal/export.h"
#include "internal/mempool.h"

using namespace librseq::mempool;

struct rseq_mempool_set {
	rseq_mempool *by_order[sizeof(size_t) * 8];
};

namespace {

constexpr unsigned int NR_ORDERS = sizeof(size_t) * 8;

void *set_alloc(rseq_mempool_set *set, size_t len, const Fill &fill)
{
	if (!set) {
		errno = EINVAL;
		return NULL;
	}
	for (unsigned int order = size_order(len); order < NR_ORDERS; order++) {
		rseq_mempool *pool = __atomic_load_n(&set->by_order[order], __ATOMIC_ACQUIRE);

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
	return static_cast<rseq_mempool_set *>(calloc(1, sizeof(rseq_mempool_set)));
}

extern "C" RSEQ_EXPORT int rseq_mempool_set_destroy(rseq_mempool_set *set)
{
	int ret = 0;

	if (!set)
		return 0;
	for (rseq_mempool *pool : set->by_order) {
		if (pool && rseq_mempool_destroy(pool) && !ret)
			ret = -1;
	}
	free(set);
	return ret;
}

extern "C" RSEQ_EXPORT int rseq_mempool_set_add_pool(rseq_mempool_set *set, rseq_mempool *pool)
{
	if (!set || !pool) {
		errno = EINVAL;
		return -1;
	}
	rseq_mempool *none = nullptr;
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
	return set_alloc(set, len, Fill{ Fill::NONE, nullptr, 0 });
}

extern "C" RSEQ_EXPORT void __rseq_percpu *rseq_mempool_set_percpu_zmalloc(rseq_mempool_set *set,
									   size_t len)
{
	return set_alloc(set, len, Fill{ Fill::ZERO, nullptr, 0 });
}

extern "C" RSEQ_EXPORT void __rseq_percpu *
rseq_mempool_set_percpu_malloc_init(rseq_mempool_set *set, void *init_ptr, size_t len)
{
	return set_alloc(set, len, Fill{ Fill::COPY, init_ptr, len });
}
