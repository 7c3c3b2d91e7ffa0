/* SPDX-License-Identifier: MIT */
/* Access registers a0 (and a1 on s390x), which glibc's __rseq_offset (like
   our rseq_offset) is relative to: they hold the TCB's address, with no
   bias.  */
#ifndef _RSEQ_SYSDEPS_S390_THREAD_POINTER_H
#define _RSEQ_SYSDEPS_S390_THREAD_POINTER_H

static inline void *rseq_thread_pointer(void)
{
	return __builtin_thread_pointer();
}

#endif
