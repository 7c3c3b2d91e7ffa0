/* SPDX-License-Identifier: MIT */
/* Memory barriers for s390.  Its ordering is as strong as x86's: only a
   later load may pass an earlier store, so only the full barrier needs an
   instruction, the serialising branch the built-in emits (bcr 14,0 where
   the fast-serialization facility exists, bcr 15,0 before).  */
#ifndef _RSEQ_SYSDEPS_S390_BARRIER_H
#define _RSEQ_SYSDEPS_S390_BARRIER_H

#define rseq_smp_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
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
