/* SPDX-License-Identifier: MIT */
/* TPIDR_EL0, which glibc's __rseq_offset (like our rseq_offset) is relative
   to: the TLS ABI puts the TCB there, with no bias.  */
#ifndef _RSEQ_SYSDEPS_AARCH64_THREAD_POINTER_H
#define _RSEQ_SYSDEPS_AARCH64_THREAD_POINTER_H

static inline void *rseq_thread_pointer(void)
{
	return __builtin_thread_pointer();
}

#endif
