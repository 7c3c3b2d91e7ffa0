/* SPDX-License-Identifier: MIT */
/* Memory barriers for LoongArch: dbar 0, the full barrier.  Later
   revisions of the architecture define lighter hints, but processors that
   predate them treat only 0 as documented, and 0 is always correct.  */
#ifndef _RSEQ_SYSDEPS_LOONGARCH_BARRIER_H
#define _RSEQ_SYSDEPS_LOONGARCH_BARRIER_H

#define rseq_smp_mb()	__asm__ __volatile__("dbar 0" ::: "memory")
#define rseq_smp_rmb()	rseq_smp_mb()
#define rseq_smp_wmb()	rseq_smp_mb()

#define rseq_smp_load_acquire(p)	__atomic_load_n(p, __ATOMIC_ACQUIRE)
#define rseq_smp_acquire__after_ctrl_dep()	rseq_smp_rmb()
#define rseq_smp_store_release(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)

#endif
