/* SPDX-License-Identifier: MIT */
/* The word placed before every abort handler.  It is the immediate of
   "ud1 0x53053053,%edi" (0f b9 3d 53 30 05 53), so jumping into it
   traps.  Same spelling as glibc's <bits/rseq.h>, so that both headers can
   define it.  */
#ifndef RSEQ_SIG
# define RSEQ_SIG	0x53053053
#endif
