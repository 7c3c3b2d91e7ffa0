/* SPDX-License-Identifier: MIT */
/* System call numbers (31 and 64-bit alike), so that old libc headers are
   not a problem.  */
#define RSEQ_NR_rseq		383
#define RSEQ_NR_membarrier	356
#define RSEQ_NR_getcpu		311

/* getcpu in the vDSO (kernels from 5.10 on).  */
#define RSEQ_VDSO_GETCPU_NAME		"__kernel_getcpu"
#define RSEQ_VDSO_GETCPU_VERSION	"LINUX_2.6.29"
