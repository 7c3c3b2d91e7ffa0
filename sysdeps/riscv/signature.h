/* SPDX-License-Identifier: MIT */
/* The word placed before every abort handler: "csrw mhartid, zero", which
   traps in user mode.  The value the kernel's selftests use; glibc 2.36
   does not register rseq on RISC-V and defines none.  */
#ifndef RSEQ_SIG
# define RSEQ_SIG	0xf1401073
#endif
