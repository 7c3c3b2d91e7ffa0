/* SPDX-License-Identifier: MIT */
/* Memory barriers for MIPS: sync, the full barrier, is the one ordering
   instruction every processor of the family has.  */
#ifndef _RSEQ_SYSDEPS_MIPS_BARRIER_H
#define _RSEQ_SYSDEPS_MIPS_BARRIER_H

#define rseq_smp_mb()	__asm__ __volatile__("sync" ::: "memory")
#define rseq_smp_rmb()	rseq_smp_mb()
#define rseq_smp_wmb()	rseq_smp_mb()

#define rseq_smp_load_acquire(p)	__atomic_load_n(p, __ATOMIC_ACQUIRE)
#define rseq_smp_acquire__after_ctrl_dep()	rseq_smp_rmb()
#define rseq_smp_store_release(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)

#endif
