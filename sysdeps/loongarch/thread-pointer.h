/* SPDX-License-Identifier: MIT */
/* The tp register ($r2), which glibc's __rseq_offset (like our
   rseq_offset) is relative to: the TLS ABI points it just past the TCB,
   with no bias.  Read with asm: not every compiler has
   __builtin_thread_pointer for LoongArch.  */
#ifndef _RSEQ_SYSDEPS_LOONGARCH_THREAD_POINTER_H
#define _RSEQ_SYSDEPS_LOONGARCH_THREAD_POINTER_H

static inline void *rseq_thread_pointer(void)
{
	void *tp;

	__asm__ ("or %0, $r2, $r0" : "=r" (tp));
	return tp;
}

#endif
