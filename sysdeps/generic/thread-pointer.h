/* SPDX-License-Identifier: MIT */
/* The compiler knows the thread pointer of most architectures.  */
#ifndef _RSEQ_SYSDEPS_GENERIC_THREAD_POINTER_H
#define _RSEQ_SYSDEPS_GENERIC_THREAD_POINTER_H

static inline void *rseq_thread_pointer(void)
{
	return __builtin_thread_pointer();
}

#endif
