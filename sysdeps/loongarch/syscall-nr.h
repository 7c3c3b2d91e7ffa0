/* SPDX-License-Identifier: MIT */
/* System call numbers (the generic table), so that old libc headers are not
   a problem.  */
#define RSEQ_NR_rseq		293
#define RSEQ_NR_membarrier	283
#define RSEQ_NR_getcpu		168

/* getcpu in the vDSO.  */
#define RSEQ_VDSO_GETCPU_NAME		"__vdso_getcpu"
#define RSEQ_VDSO_GETCPU_VERSION	"LINUX_5.10"
