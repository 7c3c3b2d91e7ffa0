/* SPDX-License-Identifier: MIT */
/* Pool attributes: plain values that rseq_mempool_create() copies.  */
#include <errno.h>
#include <stdlib.h>
#include "internal/export.h"
#include "internal/mempool.h"

namespace {

// Every setter fails the same way on a NULL attribute.
bool attr_invalid(const rseq_mempool_attr *attr)
{
	if (attr)
		return false;
	errno = EINVAL;
	return true;
}

} // namespace

extern "C" RSEQ_EXPORT rseq_mempool_attr *rseq_mempool_attr_create(void)
{
	// calloc: no init callback, per-CPU, defaults, COW_INIT (0).
	return static_cast<rseq_mempool_attr *>(calloc(1, sizeof(rseq_mempool_attr)));
}

extern "C" RSEQ_EXPORT void rseq_mempool_attr_destroy(rseq_mempool_attr *attr)
{
	free(attr);
}

extern "C" RSEQ_EXPORT int rseq_mempool_attr_set_init(rseq_mempool_attr *attr,
						      int (*init_func)(void *, void *, size_t, int),
						      void *init_priv)
{
	if (attr_invalid(attr))
		return -1;
	attr->values.init_func = init_func;
	attr->values.init_priv = init_priv;
	return 0;
}

extern "C" RSEQ_EXPORT int rseq_mempool_attr_set_robust(rseq_mempool_attr *attr)
{
	if (attr_invalid(attr))
		return -1;
	attr->values.robust = true;
	return 0;
}

// The stride is checked against the page size and the item length when the
// pool is created, where both are known.
extern "C" RSEQ_EXPORT int rseq_mempool_attr_set_percpu(rseq_mempool_attr *attr, size_t stride,
							int max_nr_cpus)
{
	if (attr_invalid(attr))
		return -1;
	if (max_nr_cpus < 0) {
		errno = EINVAL;
		return -1;
	}
	attr->values.global = false;
	attr->values.stride = stride;
	attr->values.max_nr_cpus = max_nr_cpus;
	return 0;
}

extern "C" RSEQ_EXPORT int rseq_mempool_attr_set_global(rseq_mempool_attr *attr, size_t stride)
{
	if (attr_invalid(attr))
		return -1;
	attr->values.global = true;
	attr->values.stride = stride;
	attr->values.max_nr_cpus = 0;
	return 0;
}

extern "C" RSEQ_EXPORT int rseq_mempool_attr_set_max_nr_ranges(rseq_mempool_attr *attr,
							       unsigned long max_nr_ranges)
{
	if (attr_invalid(attr))
		return -1;
	attr->values.max_nr_ranges = max_nr_ranges;
	return 0;
}

extern "C" RSEQ_EXPORT int rseq_mempool_attr_set_poison(rseq_mempool_attr *attr, uintptr_t poison)
{
	if (attr_invalid(attr))
		return -1;
	attr->values.poison = poison;
	attr->values.poison_set = true;
	return 0;
}

extern "C" RSEQ_EXPORT int
rseq_mempool_attr_set_populate_policy(rseq_mempool_attr *attr,
				      rseq_mempool_populate_policy policy)
{
	if (attr_invalid(attr))
		return -1;
	if (policy != RSEQ_MEMPOOL_POPULATE_COW_INIT && policy != RSEQ_MEMPOOL_POPULATE_COW_ZERO) {
		errno = EINVAL;
		return -1;
	}
	attr->values.policy = policy;
	return 0;
}
