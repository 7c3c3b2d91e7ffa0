/* SPDX-License-Identifier: MIT */
/* Memory barriers from the compiler's atomic built-ins.  */
#ifndef _RSEQ_SYSDEPS_GENERIC_BARRIER_H
#define _RSEQ_SYSDEPS_GENERIC_BARRIER_H

#include <rseq/compiler.h>

#define rseq_smp_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rseq_smp_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define rseq_smp_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)

#define rseq_smp_load_acquire(p)	__atomic_load_n(p, __ATOMIC_ACQUIRE)
#define rseq_smp_acquire__after_ctrl_dep()	rseq_smp_rmb()
#define rseq_smp_store_release(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)

#endif
