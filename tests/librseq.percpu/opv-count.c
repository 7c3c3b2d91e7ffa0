/* SPDX-License-Identifier: MIT */
/* Counts, per thread, the calls of the _opv forms of the per-CPU
   operations: the calls the always-complete helpers make when the fast path
   cannot complete.  The stress program is linked with --wrap for each of
   them (local.mk), so that its calls come here before the library.  */
#include "stress.h"

__thread unsigned long stress_opv_calls;

#define COUNTED(name, params, args)					\
	int __real_##name params;					\
	int __wrap_##name params;					\
	int __wrap_##name params					\
	{								\
		stress_opv_calls++;					\
		return __real_##name args;				\
	}

COUNTED(rseq_load_cbne_store__ptr_opv,
	(enum rseq_mo mo, enum rseq_percpu_mode mode, intptr_t *v, intptr_t expect,
	 intptr_t newv, int cpu),
	(mo, mode, v, expect, newv, cpu))
COUNTED(rseq_load_cbeq_store_add_load_store__ptr_opv,
	(enum rseq_mo mo, enum rseq_percpu_mode mode, intptr_t *v, intptr_t expectnot,
	 long voffp, intptr_t *load, int cpu),
	(mo, mode, v, expectnot, voffp, load, cpu))
COUNTED(rseq_load_add_store__ptr_opv,
	(enum rseq_mo mo, enum rseq_percpu_mode mode, intptr_t *v, intptr_t count, int cpu),
	(mo, mode, v, count, cpu))
COUNTED(rseq_load_add_load_load_add_store__ptr_opv,
	(enum rseq_mo mo, enum rseq_percpu_mode mode, intptr_t *ptr, long off, intptr_t inc,
	 int cpu),
	(mo, mode, ptr, off, inc, cpu))
COUNTED(rseq_load_cbne_store_store__ptr_opv,
	(enum rseq_mo mo, enum rseq_percpu_mode mode, intptr_t *v, intptr_t expect,
	 intptr_t *v2, intptr_t newv2, intptr_t newv, int cpu),
	(mo, mode, v, expect, v2, newv2, newv, cpu))
COUNTED(rseq_load_cbne_load_cbne_store__ptr_opv,
	(enum rseq_mo mo, enum rseq_percpu_mode mode, intptr_t *v, intptr_t expect,
	 intptr_t *v2, intptr_t expect2, intptr_t newv, int cpu),
	(mo, mode, v, expect, v2, expect2, newv, cpu))
COUNTED(rseq_load_cbne_memcpy_store__ptr_opv,
	(enum rseq_mo mo, enum rseq_percpu_mode mode, intptr_t *v, intptr_t expect, void *dst,
	 void *src, size_t len, intptr_t newv, int cpu),
	(mo, mode, v, expect, dst, src, len, newv, cpu))
