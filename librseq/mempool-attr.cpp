/* SPDX-License-Identifier: MIT */
/* Pool attributes: plain values that rseq_mempool_create() copies.  */
#include <errno.h>
#include <stdlib.h>
#include "internal/export.h"
#include "internal/mempool.h"

using namespace librseq::mempool;

namespace {

// Every setter fails the same way on a NULL attribute.
Attr *values(rseq_mempool_attr *attr)
{
	if (!attr)
		errno = EINVAL;
	return attr_of(attr);
}

} // namespace

extern "C" RSEQ_EXPORT rseq_mempool_attr *rseq_mempool_attr_create(void)
{
	// calloc: no init callback, per-CPU, defaults, COW_INIT (0).
	return reinterpret_cast<rseq_mempool_attr *>(calloc(1, sizeof(Attr)));
}

extern "C" RSEQ_EXPORT void rseq_mempool_attr_destroy(rseq_mempool_attr *attr)
{
	free(attr);
}

extern "C" RSEQ_EXPORT int rseq_mempool_attr_set_init(rseq_mempool_attr *attr,
						      int (*init_func)(void *, void *, size_t, int),
						      void *init_priv)
{
	Attr *a = values(attr);
	if (!a)
		return -1;
	a->init_func = init_func;
	a->init_priv = init_priv;
	return 0;
}

extern "C" RSEQ_EXPORT int rseq_mempool_attr_set_robust(rseq_mempool_attr *attr)
{
	Attr *a = values(attr);
	if (!a)
		return -1;
	a->robust = true;
	return 0;
}

// The stride is checked against the page size and the item length when the
// pool is created, where both are known.
extern "C" RSEQ_EXPORT int rseq_mempool_attr_set_percpu(rseq_mempool_attr *attr, size_t stride,
							int max_nr_cpus)
{
	Attr *a = values(attr);
	if (!a)
		return -1;
	if (max_nr_cpus < 0) {
		errno = EINVAL;
		return -1;
	}
	a->global = false;
	a->stride = stride;
	a->max_nr_cpus = max_nr_cpus;
	return 0;
}

extern "C" RSEQ_EXPORT int rseq_mempool_attr_set_global(rseq_mempool_attr *attr, size_t stride)
{
	Attr *a = values(attr);
	if (!a)
		return -1;
	a->global = true;
	a->stride = stride;
	a->max_nr_cpus = 0;
	return 0;
}

extern "C" RSEQ_EXPORT int rseq_mempool_attr_set_max_nr_ranges(rseq_mempool_attr *attr,
							       unsigned long max_nr_ranges)
{
	Attr *a = values(attr);
	if (!a)
		return -1;
	a->max_nr_ranges = max_nr_ranges;
	return 0;
}

extern "C" RSEQ_EXPORT int rseq_mempool_attr_set_poison(rseq_mempool_attr *attr, uintptr_t poison)
{
	Attr *a = values(attr);
	if (!a)
		return -1;
	a->poison = poison;
	a->poison_set = true;
	return 0;
}

extern "C" RSEQ_EXPORT int
rseq_mempool_attr_set_populate_policy(rseq_mempool_attr *attr,
				      rseq_mempool_populate_policy policy)
{
	Attr *a = values(attr);
	if (!a)
		return -1;
	if (policy != RSEQ_MEMPOOL_POPULATE_COW_INIT && policy != RSEQ_MEMPOOL_POPULATE_COW_ZERO) {
		errno = EINVAL;
		return -1;
	}
	a->policy = policy;
	return 0;
}
