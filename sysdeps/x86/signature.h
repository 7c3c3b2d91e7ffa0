/* SPDX-License-Identifier: MIT */
/* The word placed before every abort handler.  Emitted as the displacement
   of "ud1 0x53053053(%rip),%edi" (x86_64) or "ud1 0x53053053,%edi" (i386),
   bytes 0f b9 3d 53 30 05 53, so that jumping into it traps.  Same spelling
   as glibc's <bits/rseq.h>, so that both headers can define it.  */
#ifndef RSEQ_SIG
# define RSEQ_SIG	0x53053053
#endif
