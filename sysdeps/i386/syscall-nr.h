/* SPDX-License-Identifier: MIT */
/* System call numbers, so that old libc headers are not a problem.  */
#define RSEQ_NR_rseq		386
#define RSEQ_NR_membarrier	375
#define RSEQ_NR_getcpu		318

/* getcpu in the vDSO (kernels that have it in the 32-bit vDSO).  */
#define RSEQ_VDSO_GETCPU_NAME		"__vdso_getcpu"
#define RSEQ_VDSO_GETCPU_VERSION	"LINUX_2.6"
