/* SPDX-License-Identifier: MIT */
/* Memory barriers for 32-bit Arm.  ARMv7 and later have dmb, inner
   shareable domain; before that the compiler's built-ins know the right
   sequence (CP15 barrier on ARMv6, the kernel's helper on ARMv5).
   Acquire and release are what the built-ins emit: lda/stl on ARMv8, a
   plain access and dmb before.  */
#ifndef _RSEQ_SYSDEPS_ARM_BARRIER_H
#define _RSEQ_SYSDEPS_ARM_BARRIER_H

#if __ARM_ARCH >= 7
# define rseq_smp_mb()	__asm__ __volatile__("dmb ish" ::: "memory")
# define rseq_smp_rmb()	__asm__ __volatile__("dmb ish" ::: "memory")
# define rseq_smp_wmb()	__asm__ __volatile__("dmb ishst" ::: "memory")
#else
# define rseq_smp_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
# define rseq_smp_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
# define rseq_smp_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)
#endif

#define rseq_smp_load_acquire(p)	__atomic_load_n(p, __ATOMIC_ACQUIRE)
#define rseq_smp_acquire__after_ctrl_dep()	rseq_smp_rmb()
#define rseq_smp_store_release(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)

#endif
