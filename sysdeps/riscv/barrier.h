/* SPDX-License-Identifier: MIT */
/* Memory barriers for RISC-V (RVWMO): fence with the predecessor and
   successor sets each barrier needs.  Acquire and release are what the
   built-ins emit (fence r,rw after the load; fence rw,w before the store).  */
#ifndef _RSEQ_SYSDEPS_RISCV_BARRIER_H
#define _RSEQ_SYSDEPS_RISCV_BARRIER_H

#define rseq_smp_mb()	__asm__ __volatile__("fence rw, rw" ::: "memory")
#define rseq_smp_rmb()	__asm__ __volatile__("fence r, r" ::: "memory")
#define rseq_smp_wmb()	__asm__ __volatile__("fence w, w" ::: "memory")

#define rseq_smp_load_acquire(p)	__atomic_load_n(p, __ATOMIC_ACQUIRE)
#define rseq_smp_acquire__after_ctrl_dep()	__asm__ __volatile__("fence r, rw" ::: "memory")
#define rseq_smp_store_release(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)

#endif
