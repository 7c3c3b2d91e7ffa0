/* SPDX-License-Identifier: MIT */
/* System call numbers (EABI), so that old libc headers are not a problem.
   The Arm vDSO has no getcpu.  */
#define RSEQ_NR_rseq		398
#define RSEQ_NR_membarrier	389
#define RSEQ_NR_getcpu		345
