/* SPDX-License-Identifier: MIT */
/* The word placed before every abort handler: "udf #24035" in A32.  The
   kernel reads it as data; on big-endian (BE8) processors instructions stay
   little-endian, so the data value is byte-swapped to keep the same bytes.
   Spelled as in glibc's <bits/rseq.h>, so that both headers can define it.  */
#ifndef RSEQ_SIG
# ifdef __ARMEB__
#  define RSEQ_SIG	0xf3def5e7
# else
#  define RSEQ_SIG	0xe7f5def3
# endif
#endif
