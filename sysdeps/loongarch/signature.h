/* SPDX-License-Identifier: MIT */
/* The word placed before every abort handler: "break 0x10".  */
#ifndef RSEQ_SIG
# define RSEQ_SIG	0x002a0010
#endif
