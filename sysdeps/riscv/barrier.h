/* SPDX-License-Identifier: MIT */
/* Memory barriers for RISC-V (RVWMO): fence with the predecessor and
   successor sets each barrier needs.  Acquire and release are written out
   (a fence r,rw after the load, a fence rw,w before the store): GCC 12's
   built-ins emit full fences and an amoswap for them.  */
#ifndef _RSEQ_SYSDEPS_RISCV_BARRIER_H
#define _RSEQ_SYSDEPS_RISCV_BARRIER_H

#define rseq_smp_mb()	__asm__ __volatile__("fence rw, rw" ::: "memory")
#define rseq_smp_rmb()	__asm__ __volatile__("fence r, r" ::: "memory")
#define rseq_smp_wmb()	__asm__ __volatile__("fence w, w" ::: "memory")

#define rseq_smp_acquire__after_ctrl_dep()	\
	__asm__ __volatile__("fence r, rw" ::: "memory")

#define rseq_smp_load_acquire(p)					\
	__extension__ ({						\
		__typeof__(*(p)) ____p1 = RSEQ_READ_ONCE(*(p));		\
		rseq_smp_acquire__after_ctrl_dep();			\
		____p1;							\
	})

#define rseq_smp_store_release(p, v)					\
	do {								\
		__asm__ __volatile__("fence rw, w" ::: "memory");	\
		RSEQ_WRITE_ONCE(*(p), v);				\
	} while (0)

#endif
