/* SPDX-License-Identifier: MIT */
/* The word placed before every abort handler: "twui r5, 11", a trap.
   Spelled as in glibc's <bits/rseq.h>, so that both headers can define it.  */
#ifndef RSEQ_SIG
# define RSEQ_SIG	0x0fe5000b
#endif
