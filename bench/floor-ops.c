/* SPDX-License-Identifier: MIT */
/* The floor comparison's loops over the library's operations, in both
   per-CPU modes.  Built twice from this file, in two libraries built
   alike (bench/Makefile.am): as users get the operations (FLOOR_OPS_IMPL
   ops) and with RSEQ_PERCPU_NO_FENCE (FLOOR_OPS_IMPL nofence), so that
   the two differ only in the sequences <rseq/rseq.h> generates.  */
#include <stddef.h>
#include <rseq/rseq.h>
#include "floor-cases.h"

#ifdef RSEQ_PERCPU_NO_FENCE
# define FLOOR_LABEL_ADD	"rseq_load_add_store__ptr(), no fence check"
# define FLOOR_LABEL_CAS	"rseq_load_cbne_store__ptr(), no fence check"
# define FLOOR_LABEL_LIST	"rseq pop + push, no fence check"
#else
# define FLOOR_LABEL_ADD	"rseq_load_add_store__ptr()"
# define FLOOR_LABEL_CAS	"rseq_load_cbne_store__ptr()"
# define FLOOR_LABEL_LIST	"rseq pop + push (cbeq_store_add_load_store, cbne_store)"
#endif

#define FLOOR_J_(a, b)		a##b
#define FLOOR_J(a, b)		FLOOR_J_(a, b)

/* The operations with the mode bound, as the loops call them.  */
#define FLOOR_BIND(mode, suffix)						\
	static inline __attribute__((always_inline))				\
	int add##suffix(intptr_t *v, intptr_t count, int cpu)			\
	{									\
		return rseq_load_add_store__ptr(RSEQ_MO_RELAXED, mode, v, count, cpu); \
	}									\
	static inline __attribute__((always_inline))				\
	int cas##suffix(intptr_t *v, intptr_t expect, intptr_t newv, int cpu)	\
	{									\
		return rseq_load_cbne_store__ptr(RSEQ_MO_RELAXED, mode, v, expect, \
						 newv, cpu);			\
	}									\
	static inline __attribute__((always_inline))				\
	int pop##suffix(intptr_t *v, intptr_t *load, int cpu)			\
	{									\
		return rseq_load_cbeq_store_add_load_store__ptr(		\
			RSEQ_MO_RELAXED, mode, v, 0,				\
			offsetof(struct floor_node, next), load, cpu);		\
	}

FLOOR_BIND(RSEQ_PERCPU_CPU_ID, _cpu_id)
FLOOR_BIND(RSEQ_PERCPU_MM_CID, _mm_cid)

#define FLOOR_PREFIX	FLOOR_J(FLOOR_OPS_IMPL, _cpu_id)
#define FLOOR_INDEX	rseq_cpu_start
#define FLOOR_ADD_OP	add_cpu_id
#define FLOOR_CAS_OP	cas_cpu_id
#define FLOOR_POP_OP	pop_cpu_id
#include "floor-loops.h"

#define FLOOR_PREFIX	FLOOR_J(FLOOR_OPS_IMPL, _mm_cid)
#define FLOOR_INDEX	rseq_current_mm_cid
#define FLOOR_ADD_OP	add_mm_cid
#define FLOOR_CAS_OP	cas_mm_cid
#define FLOOR_POP_OP	pop_mm_cid
#include "floor-loops.h"
