/* SPDX-License-Identifier: MIT */
/* Memory barriers for x86 (both ABIs).  x86 is TSO: only store-load
   reordering exists, so only the full barrier needs an instruction.  A
   locked add of 0 to the top of the stack orders like mfence, costs less,
   and leaves the word unchanged.  RSEQ_X86_SP names the stack pointer.  */
#ifndef _RSEQ_SYSDEPS_X86_BARRIER_H
#define _RSEQ_SYSDEPS_X86_BARRIER_H

#include <rseq/compiler.h>

#define rseq_smp_mb()	\
	__asm__ __volatile__("lock; addl $0, (%%" RSEQ_X86_SP ")" ::: "memory", "cc")
#define rseq_smp_rmb()	rseq_barrier()
#define rseq_smp_wmb()	rseq_barrier()

#define rseq_smp_load_acquire(p)					\
	__extension__ ({						\
		__typeof__(*(p)) ____p1 = RSEQ_READ_ONCE(*(p));		\
		rseq_barrier();						\
		____p1;							\
	})

#define rseq_smp_acquire__after_ctrl_dep()	rseq_smp_rmb()

#define rseq_smp_store_release(p, v)					\
	do {								\
		rseq_barrier();						\
		RSEQ_WRITE_ONCE(*(p), v);				\
	} while (0)

#endif
