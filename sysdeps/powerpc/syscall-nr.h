/* SPDX-License-Identifier: MIT */
/* System call numbers (32 and 64-bit alike), so that old libc headers are
   not a problem.  The vDSO's __kernel_getcpu is not used: on 64-bit ELFv1
   a function pointer is a descriptor, which the vDSO does not provide, and
   its errors follow the system-call convention rather than C's.  */
#define RSEQ_NR_rseq		387
#define RSEQ_NR_membarrier	365
#define RSEQ_NR_getcpu		302
