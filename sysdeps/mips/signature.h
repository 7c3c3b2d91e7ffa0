/* SPDX-License-Identifier: MIT */
/* The word placed before every abort handler: "break 0x350" in the standard
   encoding, and the microMIPS and nanoMIPS equivalents.  Spelled, and
   chosen, as in glibc's <bits/rseq.h>, so that both headers can define it.  */
#ifndef RSEQ_SIG
# if defined(__nanomips__)
#  ifdef __MIPSEL__
#   define RSEQ_SIG	0x03500010
#  else
#   define RSEQ_SIG	0x00100350
#  endif
# elif defined(__mips_micromips)
#  ifdef __MIPSEL__
#   define RSEQ_SIG	0xd4070000
#  else
#   define RSEQ_SIG	0x0000d407
#  endif
# else
#  define RSEQ_SIG	0x0350000d
# endif
#endif
