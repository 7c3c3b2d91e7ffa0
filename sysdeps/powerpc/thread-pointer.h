/* SPDX-License-Identifier: MIT */
/* The thread pointer register (r13 on 64-bit, r2 on 32-bit) as it is: the
   TLS ABI points it 0x7000 bytes past the end of the TCB, and glibc's
   __rseq_offset (like our rseq_offset) is relative to that value, so the
   bias is part of the offset and must not be removed here.  GCC 12 has no
   __builtin_thread_pointer for Power.  */
#ifndef _RSEQ_SYSDEPS_POWERPC_THREAD_POINTER_H
#define _RSEQ_SYSDEPS_POWERPC_THREAD_POINTER_H

static inline void *rseq_thread_pointer(void)
{
	void *tp;

#ifdef __powerpc64__
	__asm__ ("mr %0, 13" : "=r" (tp));
#else
	__asm__ ("mr %0, 2" : "=r" (tp));
#endif
	return tp;
}

#endif
