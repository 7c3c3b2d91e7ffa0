/* SPDX-License-Identifier: MIT */
/* System call numbers (the generic table), so that old libc headers are not
   a problem.  The aarch64 vDSO has no getcpu.  */
#define RSEQ_NR_rseq		293
#define RSEQ_NR_membarrier	283
#define RSEQ_NR_getcpu		168
