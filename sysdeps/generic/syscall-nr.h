/* SPDX-License-Identifier: MIT */
/* Whatever the kernel headers know; a missing number means ENOSYS.  */
#include <asm/unistd.h>
#ifdef __NR_rseq
# define RSEQ_NR_rseq		__NR_rseq
#endif
#ifdef __NR_membarrier
# define RSEQ_NR_membarrier	__NR_membarrier
#endif
#ifdef __NR_getcpu
# define RSEQ_NR_getcpu		__NR_getcpu
#endif
