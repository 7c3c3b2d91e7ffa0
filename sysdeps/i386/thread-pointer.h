/* SPDX-License-Identifier: MIT */
/* The TCB's first word points at itself, so %gs:0 is the thread pointer
   that rseq_offset (like glibc's __rseq_offset) is relative to.  Not
   volatile: the value never changes for a thread, and the compiler may hoist
   it out of loops.  */
#ifndef _RSEQ_SYSDEPS_I386_THREAD_POINTER_H
#define _RSEQ_SYSDEPS_I386_THREAD_POINTER_H

static inline void *rseq_thread_pointer(void)
{
	void *tp;

	__asm__ ("movl %%gs:0, %0" : "=r" (tp));
	return tp;
}

#endif
