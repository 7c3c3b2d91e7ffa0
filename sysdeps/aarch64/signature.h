/* SPDX-License-Identifier: MIT */
/* The word placed before every abort handler: "brk #0x45e0".  Instructions
   are little-endian whatever the data byte order, and the kernel reads the
   word as data, so a big-endian process registers the byte-swapped value.
   Spelled as in glibc's <bits/rseq.h>, so that both headers can define
   these macros.  */
#ifndef RSEQ_SIG
# define RSEQ_SIG_CODE	0xd428bc00
# ifdef __AARCH64EB__
#  define RSEQ_SIG_DATA	0x00bc28d4
# else
#  define RSEQ_SIG_DATA	RSEQ_SIG_CODE
# endif
# define RSEQ_SIG	RSEQ_SIG_DATA
#endif
