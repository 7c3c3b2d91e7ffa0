/* SPDX-License-Identifier: MIT */
/* The tp register, which glibc's __rseq_offset (like our rseq_offset) is
   relative to: the TLS ABI points it just past the TCB, with no bias.  */
#ifndef _RSEQ_SYSDEPS_RISCV_THREAD_POINTER_H
#define _RSEQ_SYSDEPS_RISCV_THREAD_POINTER_H

static inline void *rseq_thread_pointer(void)
{
	return __builtin_thread_pointer();
}

#endif
