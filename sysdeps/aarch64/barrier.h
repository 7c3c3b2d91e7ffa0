/* SPDX-License-Identifier: MIT */
/* Memory barriers for aarch64, inner shareable domain (all CPUs that run
   the process).  Acquire and release are the ldar/stlr instructions the
   compiler emits for the atomic built-ins.  */
#ifndef _RSEQ_SYSDEPS_AARCH64_BARRIER_H
#define _RSEQ_SYSDEPS_AARCH64_BARRIER_H

#define rseq_smp_mb()	__asm__ __volatile__("dmb ish" ::: "memory")
#define rseq_smp_rmb()	__asm__ __volatile__("dmb ishld" ::: "memory")
#define rseq_smp_wmb()	__asm__ __volatile__("dmb ishst" ::: "memory")

#define rseq_smp_load_acquire(p)	__atomic_load_n(p, __ATOMIC_ACQUIRE)
#define rseq_smp_acquire__after_ctrl_dep()	rseq_smp_rmb()
#define rseq_smp_store_release(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)

#endif
