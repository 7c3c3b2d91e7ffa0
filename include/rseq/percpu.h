/* SPDX-License-Identifier: MIT */
/* Per-CPU operations: the restartable critical sections themselves.
   Included by <rseq/rseq.h>; see rseq_percpu_ops(3).

   Each operation runs on the data of one CPU (or one mm_cid) and succeeds
   only if the calling thread is registered and still running there, and
   no cpu_opv() holds that CPU's fence.  It returns 0 when done, 1 when a
   comparison failed (nothing stored), -1 when aborted (nothing stored but
   speculative stores, see the page): retry.  */
#ifndef _RSEQ_PERCPU_H
#define _RSEQ_PERCPU_H

#ifndef _RSEQ_RSEQ_H
# error "include <rseq/rseq.h>, not <rseq/percpu.h>"
#endif

RSEQ_BEGIN_DECLS

enum rseq_mo {
	RSEQ_MO_RELAXED = 0,
	RSEQ_MO_CONSUME = 1,	/* unsupported */
	RSEQ_MO_ACQUIRE = 2,	/* unsupported */
	RSEQ_MO_RELEASE = 3,	/* the commit store is a store-release */
	RSEQ_MO_ACQ_REL = 4,	/* unsupported */
	RSEQ_MO_SEQ_CST = 5	/* unsupported */
};

enum rseq_percpu_mode {
	RSEQ_PERCPU_CPU_ID = 0,	/* data indexed by CPU number */
	RSEQ_PERCPU_MM_CID = 1	/* data indexed by concurrency id (mm_cid) */
};

/* The fence word cpu_opv() holds while it works on one CPU's (or mm_cid's)
   data; every operation reads it inside its critical section.  One cache
   line each.  rseq_opv_fence_table[mode] has rseq_get_max_nr_cpus()
   entries, set up when librseq is loaded.  Read-only for users.  */
struct rseq_opv_fence {
	uint32_t held;
	uint32_t reserved[15];
} __attribute__((aligned(64)));

extern struct rseq_opv_fence *const rseq_opv_fence_table[2];

/* Reports a programming error (an unsupported memory order or per-CPU
   mode, a value changed under a sequence with RSEQ_COMPARE_TWICE) on
   stderr and aborts.  */
void rseq_fatal(const char *message) __attribute__((__noreturn__));

RSEQ_END_DECLS

/* Delay-injection hooks for stress tests (see rseq_percpu_ops(3)); they
   expand to nothing unless the includer defines them first.  */
#ifdef RSEQ_INJECT_ASM
/* Whether injected asm is in the sequences: what it alone needs, the
   templates leave out otherwise.  */
# define RSEQ_INJECTING	1
#else
# define RSEQ_INJECTING	0
# define RSEQ_INJECT_ASM(n)
#endif
#ifndef RSEQ_INJECT_C
# define RSEQ_INJECT_C(n)
#endif
#ifndef RSEQ_INJECT_INPUT
# define RSEQ_INJECT_INPUT
#endif
#ifndef RSEQ_INJECT_CLOBBER
# define RSEQ_INJECT_CLOBBER
#endif
#ifndef RSEQ_INJECT_FAILED
# define RSEQ_INJECT_FAILED
#endif

/* What every architecture's template shares.  RSEQ_COMPARE_TWICE (a debug
   build option) repeats a sequence's comparisons right before its commit;
   a difference means that code on another CPU changed this CPU's data,
   which is a bug in the caller: report it.  */
#ifdef RSEQ_COMPARE_TWICE
# define RSEQ_ASM_TWICE(insns)		insns
# define RSEQ_ASM_TWICE_LABELS		, error_index, error_value
# define RSEQ_TEMPLATE_TWICE_HANDLERS(op)					\
error_index:									\
	rseq_fatal(op ": RSEQ_COMPARE_TWICE: CPU or mm_cid changed");		\
error_value:									\
	rseq_fatal(op ": RSEQ_COMPARE_TWICE: value changed under the sequence");
#else
# define RSEQ_ASM_TWICE(insns)
# define RSEQ_ASM_TWICE_LABELS
# define RSEQ_TEMPLATE_TWICE_HANDLERS(op)
#endif

/* RSEQ_PERCPU_NO_FENCE (for measurements only): the sequences do not read
   the cpu_opv() fence, which cpu_opv() then no longer keeps out.  */
#ifdef RSEQ_PERCPU_NO_FENCE
# define RSEQ_ASM_FENCE_CHECK(insns)
# define RSEQ_ASM_FENCE_OPERAND(operand)
#else
# define RSEQ_ASM_FENCE_CHECK(insns)	insns
/* The fence operand, after a comma: without the check nothing computes
   the fence word's address.  */
# define RSEQ_ASM_FENCE_OPERAND(operand)	, operand
#endif

/* The C side of every sequence: the asm goto lists abort and cmpfail among
   its labels, used or not, so that this block fits all.  */
#define RSEQ_TEMPLATE_EXITS(op)							\
	return 0;								\
abort:										\
	RSEQ_INJECT_FAILED							\
	return -1;								\
cmpfail:									\
	return 1;								\
	RSEQ_TEMPLATE_TWICE_HANDLERS(op)

/* Every operation starts with RSEQ_TEMPLATE_REQUIRE_INDEX: in mm_cid mode
   the kernel must keep mm_cid in the area.  Without that (feature size
   below 28) the field reads 0 in every thread, and the index check inside
   the sequence would pass on all CPUs at once: abort instead (the _complete
   helpers then go through cpu_opv()).  */
#define RSEQ_TEMPLATE_REQUIRE_INDEX						\
	do {									\
		if (rseq_unlikely(!RSEQ_TEMPLATE_INDEX_USABLE)) {		\
			RSEQ_INJECT_FAILED					\
			return -1;						\
		}								\
	} while (0)

/* RSEQ_ASM_REGISTERED_CHECK(insns) wraps the check that the thread is
   registered, for the templates that use it: only mm_cid mode needs it.
   In cpu_id mode an unregistered area holds a negative cpu_id, which never
   equals the index (0 <= cpu < rseq_get_max_nr_cpus() is the caller's
   contract), so the index compare aborts alone; in mm_cid mode an
   unregistered area reads mm_cid 0, a valid index.  */

/* One instantiation of the architecture's template per memory order and
   per-CPU mode.  The template defines rseq_<op>__ptr_<mo>_<mode>().  */
#define RSEQ_TEMPLATE_CAT_(a, b)	a##b
#define RSEQ_TEMPLATE_CAT(a, b)		RSEQ_TEMPLATE_CAT_(a, b)
#define RSEQ_TEMPLATE_NAME(op)		RSEQ_TEMPLATE_CAT(op, RSEQ_TEMPLATE_SUFFIX)

#define RSEQ_TEMPLATE_MO_RELAXED
#define RSEQ_TEMPLATE_MODE		RSEQ_PERCPU_CPU_ID
#define RSEQ_TEMPLATE_INDEX_USABLE	1
#define RSEQ_TEMPLATE_INDEX_OFFSET	4	/* struct rseq_abi.cpu_id */
#define RSEQ_ASM_REGISTERED_CHECK(insns)
#define RSEQ_TEMPLATE_SUFFIX		_relaxed_cpu_id
#include RSEQ_ARCH_PERCPU_TEMPLATE
#undef RSEQ_TEMPLATE_MODE
#undef RSEQ_TEMPLATE_INDEX_OFFSET
#undef RSEQ_TEMPLATE_INDEX_USABLE
#undef RSEQ_ASM_REGISTERED_CHECK
#undef RSEQ_TEMPLATE_SUFFIX

#define RSEQ_TEMPLATE_MODE		RSEQ_PERCPU_MM_CID
#define RSEQ_TEMPLATE_INDEX_USABLE	rseq_mm_cid_available()
#define RSEQ_TEMPLATE_INDEX_OFFSET	24	/* struct rseq_abi.mm_cid */
#define RSEQ_ASM_REGISTERED_CHECK(insns)	insns
#define RSEQ_TEMPLATE_SUFFIX		_relaxed_mm_cid
#include RSEQ_ARCH_PERCPU_TEMPLATE
#undef RSEQ_TEMPLATE_MODE
#undef RSEQ_TEMPLATE_INDEX_OFFSET
#undef RSEQ_TEMPLATE_INDEX_USABLE
#undef RSEQ_ASM_REGISTERED_CHECK
#undef RSEQ_TEMPLATE_SUFFIX
#undef RSEQ_TEMPLATE_MO_RELAXED

#define RSEQ_TEMPLATE_MO_RELEASE
#define RSEQ_TEMPLATE_MODE		RSEQ_PERCPU_CPU_ID
#define RSEQ_TEMPLATE_INDEX_USABLE	1
#define RSEQ_TEMPLATE_INDEX_OFFSET	4
#define RSEQ_ASM_REGISTERED_CHECK(insns)
#define RSEQ_TEMPLATE_SUFFIX		_release_cpu_id
#include RSEQ_ARCH_PERCPU_TEMPLATE
#undef RSEQ_TEMPLATE_MODE
#undef RSEQ_TEMPLATE_INDEX_OFFSET
#undef RSEQ_TEMPLATE_INDEX_USABLE
#undef RSEQ_ASM_REGISTERED_CHECK
#undef RSEQ_TEMPLATE_SUFFIX

#define RSEQ_TEMPLATE_MODE		RSEQ_PERCPU_MM_CID
#define RSEQ_TEMPLATE_INDEX_USABLE	rseq_mm_cid_available()
#define RSEQ_TEMPLATE_INDEX_OFFSET	24
#define RSEQ_ASM_REGISTERED_CHECK(insns)	insns
#define RSEQ_TEMPLATE_SUFFIX		_release_mm_cid
#include RSEQ_ARCH_PERCPU_TEMPLATE
#undef RSEQ_TEMPLATE_MODE
#undef RSEQ_TEMPLATE_INDEX_OFFSET
#undef RSEQ_TEMPLATE_INDEX_USABLE
#undef RSEQ_ASM_REGISTERED_CHECK
#undef RSEQ_TEMPLATE_SUFFIX
#undef RSEQ_TEMPLATE_MO_RELEASE

RSEQ_STATIC_ASSERT(offsetof(struct rseq_abi, cpu_id) == 4, "template index offset");
RSEQ_STATIC_ASSERT(offsetof(struct rseq_abi, mm_cid) == 24, "template index offset");

/* The public operations pick the instantiation.  Memory order and mode are
   normally constants, so this compiles down to the one sequence; any other
   combination is a programming error, reported by rseq_fatal().  */
#define RSEQ_PERCPU_CALL(op, mo, mode, ...)					\
	do {									\
		if ((mo) == RSEQ_MO_RELAXED && (mode) == RSEQ_PERCPU_CPU_ID)	\
			return op##_relaxed_cpu_id(__VA_ARGS__);		\
		if ((mo) == RSEQ_MO_RELAXED && (mode) == RSEQ_PERCPU_MM_CID)	\
			return op##_relaxed_mm_cid(__VA_ARGS__);		\
		rseq_fatal(#op ": unsupported memory order or per-CPU mode");	\
	} while (0)

#define RSEQ_PERCPU_CALL_WITH_RELEASE(op, mo, mode, ...)			\
	do {									\
		if ((mo) == RSEQ_MO_RELEASE && (mode) == RSEQ_PERCPU_CPU_ID)	\
			return op##_release_cpu_id(__VA_ARGS__);		\
		if ((mo) == RSEQ_MO_RELEASE && (mode) == RSEQ_PERCPU_MM_CID)	\
			return op##_release_mm_cid(__VA_ARGS__);		\
		RSEQ_PERCPU_CALL(op, mo, mode, __VA_ARGS__);			\
	} while (0)

/* if (*v != expect) return 1; *v = newv  */
static inline __attribute__((always_inline))
int rseq_load_cbne_store__ptr(enum rseq_mo rseq_mo, enum rseq_percpu_mode percpu_mode,
			      intptr_t *v, intptr_t expect, intptr_t newv, int cpu)
{
	RSEQ_PERCPU_CALL(rseq_load_cbne_store__ptr, rseq_mo, percpu_mode, v, expect, newv, cpu);
}

/* x = *v; if (x == expectnot) return 1; *load = x; *v = *(x + voffp)  */
static inline __attribute__((always_inline))
int rseq_load_cbeq_store_add_load_store__ptr(enum rseq_mo rseq_mo,
					     enum rseq_percpu_mode percpu_mode,
					     intptr_t *v, intptr_t expectnot, long voffp,
					     intptr_t *load, int cpu)
{
	RSEQ_PERCPU_CALL(rseq_load_cbeq_store_add_load_store__ptr, rseq_mo, percpu_mode,
			 v, expectnot, voffp, load, cpu);
}

/* *v += count  */
static inline __attribute__((always_inline))
int rseq_load_add_store__ptr(enum rseq_mo rseq_mo, enum rseq_percpu_mode percpu_mode,
			     intptr_t *v, intptr_t count, int cpu)
{
	RSEQ_PERCPU_CALL(rseq_load_add_store__ptr, rseq_mo, percpu_mode, v, count, cpu);
}

/* *(intptr_t *) (*ptr + off) += inc  */
static inline __attribute__((always_inline))
int rseq_load_add_load_load_add_store__ptr(enum rseq_mo rseq_mo,
					   enum rseq_percpu_mode percpu_mode,
					   intptr_t *ptr, long off, intptr_t inc, int cpu)
{
	RSEQ_PERCPU_CALL(rseq_load_add_load_load_add_store__ptr, rseq_mo, percpu_mode,
			 ptr, off, inc, cpu);
}

/* if (*v != expect) return 1; *v2 = newv2 (speculative); *v = newv  */
static inline __attribute__((always_inline))
int rseq_load_cbne_store_store__ptr(enum rseq_mo rseq_mo, enum rseq_percpu_mode percpu_mode,
				    intptr_t *v, intptr_t expect, intptr_t *v2, intptr_t newv2,
				    intptr_t newv, int cpu)
{
	RSEQ_PERCPU_CALL_WITH_RELEASE(rseq_load_cbne_store_store__ptr, rseq_mo, percpu_mode,
				      v, expect, v2, newv2, newv, cpu);
}

/* if (*v != expect || *v2 != expect2) return 1; *v = newv  */
static inline __attribute__((always_inline))
int rseq_load_cbne_load_cbne_store__ptr(enum rseq_mo rseq_mo, enum rseq_percpu_mode percpu_mode,
					intptr_t *v, intptr_t expect, intptr_t *v2,
					intptr_t expect2, intptr_t newv, int cpu)
{
	RSEQ_PERCPU_CALL(rseq_load_cbne_load_cbne_store__ptr, rseq_mo, percpu_mode,
			 v, expect, v2, expect2, newv, cpu);
}

/* if (*v != expect) return 1; memcpy(dst, src, len) (speculative); *v = newv  */
static inline __attribute__((always_inline))
int rseq_load_cbne_memcpy_store__ptr(enum rseq_mo rseq_mo, enum rseq_percpu_mode percpu_mode,
				     intptr_t *v, intptr_t expect, void *dst, void *src,
				     size_t len, intptr_t newv, int cpu)
{
	RSEQ_PERCPU_CALL_WITH_RELEASE(rseq_load_cbne_memcpy_store__ptr, rseq_mo, percpu_mode,
				      v, expect, dst, src, len, newv, cpu);
}

#undef RSEQ_PERCPU_CALL
#undef RSEQ_PERCPU_CALL_WITH_RELEASE

/* Whether rseq_load_add_load_load_add_store__ptr() has a critical section on
   this architecture (if not, it always aborts).  */
static inline bool rseq_arch_has_load_add_load_load_add_store(void)
{
	return RSEQ_ARCH_HAS_LOAD_ADD_LOAD_LOAD_ADD_STORE;
}

#endif /* _RSEQ_PERCPU_H */
