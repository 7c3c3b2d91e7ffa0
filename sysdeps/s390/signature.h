/* SPDX-License-Identifier: MIT */
/* The word placed before every abort handler, an invalid opcode.  Spelled as
   in glibc's <bits/rseq.h>, so that both headers can define it.  */
#ifndef RSEQ_SIG
# define RSEQ_SIG	0xB2FF0FFF
#endif
