/* SPDX-License-Identifier: MIT */
/* Per-CPU operations that always complete.  Included by <rseq/rseq.h>; see
   rseq_percpu_complete(3).

   rseq_<op>__ptr_opv(): the operation of the same name performed through
   cpu_opv() on the data of any possible CPU (or mm_cid), the caller's own
   or not.

   rseq_<op>__ptr_complete(): the rseq fast path, tried at most
   RSEQ_PERCPU_RETRIES times while the caller runs on cpu (holds that
   mm_cid), then the _opv form.  Same arguments and results as the
   operation, except that it never returns -1 for an abort: 0 done, 1 a
   comparison failed, -1 with errno only for invalid arguments (EINVAL) or
   memory (EFAULT).  This is the forward-progress guarantee: it completes
   under a debugger's single-stepping, on a thread that is not registered,
   and where rseq does not exist.  */
#ifndef _RSEQ_PERCPU_OPV_H
#define _RSEQ_PERCPU_OPV_H

#ifndef _RSEQ_RSEQ_H
# error "include <rseq/rseq.h>, not <rseq/percpu-opv.h>"
#endif

/* Fast-path attempts before cpu_opv(); define it before including
   <rseq/rseq.h> to change it.  */
#ifndef RSEQ_PERCPU_RETRIES
# define RSEQ_PERCPU_RETRIES	8
#endif

RSEQ_BEGIN_DECLS

int rseq_load_cbne_store__ptr_opv(enum rseq_mo rseq_mo, enum rseq_percpu_mode percpu_mode,
				  intptr_t *v, intptr_t expect, intptr_t newv, int cpu);
int rseq_load_cbeq_store_add_load_store__ptr_opv(enum rseq_mo rseq_mo,
						 enum rseq_percpu_mode percpu_mode,
						 intptr_t *v, intptr_t expectnot, long voffp,
						 intptr_t *load, int cpu);
int rseq_load_add_store__ptr_opv(enum rseq_mo rseq_mo, enum rseq_percpu_mode percpu_mode,
				 intptr_t *v, intptr_t count, int cpu);
int rseq_load_add_load_load_add_store__ptr_opv(enum rseq_mo rseq_mo,
					       enum rseq_percpu_mode percpu_mode,
					       intptr_t *ptr, long off, intptr_t inc, int cpu);
int rseq_load_cbne_store_store__ptr_opv(enum rseq_mo rseq_mo, enum rseq_percpu_mode percpu_mode,
					intptr_t *v, intptr_t expect, intptr_t *v2,
					intptr_t newv2, intptr_t newv, int cpu);
int rseq_load_cbne_load_cbne_store__ptr_opv(enum rseq_mo rseq_mo,
					    enum rseq_percpu_mode percpu_mode,
					    intptr_t *v, intptr_t expect, intptr_t *v2,
					    intptr_t expect2, intptr_t newv, int cpu);
int rseq_load_cbne_memcpy_store__ptr_opv(enum rseq_mo rseq_mo, enum rseq_percpu_mode percpu_mode,
					 intptr_t *v, intptr_t expect, void *dst, void *src,
					 size_t len, intptr_t newv, int cpu);

RSEQ_END_DECLS

/* Whether the fast path can succeed for cpu at all right now: the caller is
   registered and runs there (holds that mm_cid).  */
static inline bool rseq_percpu_running_on(enum rseq_percpu_mode percpu_mode, int cpu)
{
	const int32_t current = rseq_current_cpu_raw();

	if (current < 0)
		return false;
	if (percpu_mode == RSEQ_PERCPU_MM_CID)
		return rseq_mm_cid_available() && (int) rseq_current_mm_cid() == cpu;
	return current == cpu;
}

/* RSEQ_INJECT_C(7) runs before each fast-path attempt, (8) after an abort.  */
#define RSEQ_PERCPU_COMPLETE(op, mo, mode, cpu, ...)				\
	do {									\
		for (int attempt_ = 0; attempt_ < RSEQ_PERCPU_RETRIES; attempt_++) {	\
			RSEQ_INJECT_C(7);					\
			if (!rseq_percpu_running_on(mode, cpu))			\
				break;						\
			const int ret_ = op(mo, mode, __VA_ARGS__);		\
			if (ret_ >= 0)						\
				return ret_;					\
			RSEQ_INJECT_C(8);					\
		}								\
		return op##_opv(mo, mode, __VA_ARGS__);				\
	} while (0)

static inline int rseq_load_cbne_store__ptr_complete(enum rseq_mo rseq_mo,
						     enum rseq_percpu_mode percpu_mode,
						     intptr_t *v, intptr_t expect, intptr_t newv,
						     int cpu)
{
	RSEQ_PERCPU_COMPLETE(rseq_load_cbne_store__ptr, rseq_mo, percpu_mode, cpu,
			     v, expect, newv, cpu);
}

static inline int rseq_load_cbeq_store_add_load_store__ptr_complete(
	enum rseq_mo rseq_mo, enum rseq_percpu_mode percpu_mode, intptr_t *v, intptr_t expectnot,
	long voffp, intptr_t *load, int cpu)
{
	RSEQ_PERCPU_COMPLETE(rseq_load_cbeq_store_add_load_store__ptr, rseq_mo, percpu_mode, cpu,
			     v, expectnot, voffp, load, cpu);
}

static inline int rseq_load_add_store__ptr_complete(enum rseq_mo rseq_mo,
						    enum rseq_percpu_mode percpu_mode,
						    intptr_t *v, intptr_t count, int cpu)
{
	RSEQ_PERCPU_COMPLETE(rseq_load_add_store__ptr, rseq_mo, percpu_mode, cpu, v, count, cpu);
}

static inline int rseq_load_add_load_load_add_store__ptr_complete(
	enum rseq_mo rseq_mo, enum rseq_percpu_mode percpu_mode, intptr_t *ptr, long off,
	intptr_t inc, int cpu)
{
	RSEQ_PERCPU_COMPLETE(rseq_load_add_load_load_add_store__ptr, rseq_mo, percpu_mode, cpu,
			     ptr, off, inc, cpu);
}

static inline int rseq_load_cbne_store_store__ptr_complete(
	enum rseq_mo rseq_mo, enum rseq_percpu_mode percpu_mode, intptr_t *v, intptr_t expect,
	intptr_t *v2, intptr_t newv2, intptr_t newv, int cpu)
{
	RSEQ_PERCPU_COMPLETE(rseq_load_cbne_store_store__ptr, rseq_mo, percpu_mode, cpu,
			     v, expect, v2, newv2, newv, cpu);
}

static inline int rseq_load_cbne_load_cbne_store__ptr_complete(
	enum rseq_mo rseq_mo, enum rseq_percpu_mode percpu_mode, intptr_t *v, intptr_t expect,
	intptr_t *v2, intptr_t expect2, intptr_t newv, int cpu)
{
	RSEQ_PERCPU_COMPLETE(rseq_load_cbne_load_cbne_store__ptr, rseq_mo, percpu_mode, cpu,
			     v, expect, v2, expect2, newv, cpu);
}

/* At most CPU_OP_DATA_LEN_MAX bytes, whichever path runs (EINVAL).  */
static inline int rseq_load_cbne_memcpy_store__ptr_complete(
	enum rseq_mo rseq_mo, enum rseq_percpu_mode percpu_mode, intptr_t *v, intptr_t expect,
	void *dst, void *src, size_t len, intptr_t newv, int cpu)
{
	if (rseq_unlikely(len > CPU_OP_DATA_LEN_MAX))
		return rseq_load_cbne_memcpy_store__ptr_opv(rseq_mo, percpu_mode, v, expect, dst,
							     src, len, newv, cpu);
	RSEQ_PERCPU_COMPLETE(rseq_load_cbne_memcpy_store__ptr, rseq_mo, percpu_mode, cpu,
			     v, expect, dst, src, len, newv, cpu);
}

#undef RSEQ_PERCPU_COMPLETE

#endif /* _RSEQ_PERCPU_OPV_H */
