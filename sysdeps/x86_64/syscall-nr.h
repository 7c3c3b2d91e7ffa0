/* SPDX-License-Identifier: MIT */
/* System call numbers, so that old libc headers are not a problem.  */
#define RSEQ_NR_rseq		334
#define RSEQ_NR_membarrier	324
#define RSEQ_NR_getcpu		309

/* getcpu in the vDSO.  */
#define RSEQ_VDSO_GETCPU_NAME		"__vdso_getcpu"
#define RSEQ_VDSO_GETCPU_VERSION	"LINUX_2.6"
