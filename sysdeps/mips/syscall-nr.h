/* SPDX-License-Identifier: MIT */
/* System call numbers, one table per ABI, so that old libc headers are not a
   problem.  The MIPS vDSO has no getcpu.  */
#if _MIPS_SIM == _ABIO32
# define RSEQ_NR_rseq		4367
# define RSEQ_NR_membarrier	4358
# define RSEQ_NR_getcpu		4312
#elif _MIPS_SIM == _ABI64
# define RSEQ_NR_rseq		5327
# define RSEQ_NR_membarrier	5318
# define RSEQ_NR_getcpu		5271
#elif _MIPS_SIM == _ABIN32
# define RSEQ_NR_rseq		6331
# define RSEQ_NR_membarrier	6322
# define RSEQ_NR_getcpu		6275
#endif
