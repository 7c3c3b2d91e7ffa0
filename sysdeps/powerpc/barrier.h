/* SPDX-License-Identifier: MIT */
/* Memory barriers for Power.  lwsync orders everything but a store before
   a later load, which is all rmb, wmb, acquire and release need; e500
   cores lack it (__NO_LWSYNC__) and use the full sync.  */
#ifndef _RSEQ_SYSDEPS_POWERPC_BARRIER_H
#define _RSEQ_SYSDEPS_POWERPC_BARRIER_H

#ifdef __NO_LWSYNC__
# define RSEQ_POWERPC_LWSYNC	"sync"
#else
# define RSEQ_POWERPC_LWSYNC	"lwsync"
#endif

#define rseq_smp_mb()	__asm__ __volatile__("sync" ::: "memory")
#define rseq_smp_rmb()	__asm__ __volatile__(RSEQ_POWERPC_LWSYNC ::: "memory")
#define rseq_smp_wmb()	__asm__ __volatile__(RSEQ_POWERPC_LWSYNC ::: "memory")

#define rseq_smp_load_acquire(p)	__atomic_load_n(p, __ATOMIC_ACQUIRE)
#define rseq_smp_acquire__after_ctrl_dep()	rseq_smp_rmb()
#define rseq_smp_store_release(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)

#endif
