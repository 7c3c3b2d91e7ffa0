/* SPDX-License-Identifier: MIT */
/* No critical sections on this architecture: every operation reports an
   abort, so that callers take their fallback (cpu_opv()).  Instantiated by
   <rseq/percpu.h> like the real templates; no include guard on purpose.  */

#ifndef RSEQ_ARCH_HAS_LOAD_ADD_LOAD_LOAD_ADD_STORE
# define RSEQ_ARCH_HAS_LOAD_ADD_LOAD_LOAD_ADD_STORE	0
#endif

#ifdef RSEQ_TEMPLATE_MO_RELAXED

static inline int RSEQ_TEMPLATE_NAME(rseq_load_cbne_store__ptr)(intptr_t *v, intptr_t expect,
								intptr_t newv, int cpu)
{
	(void) v, (void) expect, (void) newv, (void) cpu;
	RSEQ_INJECT_FAILED
	return -1;
}

static inline int RSEQ_TEMPLATE_NAME(rseq_load_cbeq_store_add_load_store__ptr)(
	intptr_t *v, intptr_t expectnot, long voffp, intptr_t *load, int cpu)
{
	(void) v, (void) expectnot, (void) voffp, (void) load, (void) cpu;
	RSEQ_INJECT_FAILED
	return -1;
}

static inline int RSEQ_TEMPLATE_NAME(rseq_load_add_store__ptr)(intptr_t *v, intptr_t count, int cpu)
{
	(void) v, (void) count, (void) cpu;
	RSEQ_INJECT_FAILED
	return -1;
}

static inline int RSEQ_TEMPLATE_NAME(rseq_load_add_load_load_add_store__ptr)(
	intptr_t *ptr, long off, intptr_t inc, int cpu)
{
	(void) ptr, (void) off, (void) inc, (void) cpu;
	RSEQ_INJECT_FAILED
	return -1;
}

static inline int RSEQ_TEMPLATE_NAME(rseq_load_cbne_load_cbne_store__ptr)(
	intptr_t *v, intptr_t expect, intptr_t *v2, intptr_t expect2, intptr_t newv, int cpu)
{
	(void) v, (void) expect, (void) v2, (void) expect2, (void) newv, (void) cpu;
	RSEQ_INJECT_FAILED
	return -1;
}

#endif /* RSEQ_TEMPLATE_MO_RELAXED */

static inline int RSEQ_TEMPLATE_NAME(rseq_load_cbne_store_store__ptr)(
	intptr_t *v, intptr_t expect, intptr_t *v2, intptr_t newv2, intptr_t newv, int cpu)
{
	(void) v, (void) expect, (void) v2, (void) newv2, (void) newv, (void) cpu;
	RSEQ_INJECT_FAILED
	return -1;
}

static inline int RSEQ_TEMPLATE_NAME(rseq_load_cbne_memcpy_store__ptr)(
	intptr_t *v, intptr_t expect, void *dst, void *src, size_t len, intptr_t newv, int cpu)
{
	(void) v, (void) expect, (void) dst, (void) src, (void) len, (void) newv, (void) cpu;
	RSEQ_INJECT_FAILED
	return -1;
}
