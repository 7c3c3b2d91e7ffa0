/* SPDX-License-Identifier: MIT */
/* TPIDRURO (or __aeabi_read_tp on processors without it), which glibc's
   __rseq_offset (like our rseq_offset) is relative to: the TLS ABI puts
   the TCB there, with no bias.  */
#ifndef _RSEQ_SYSDEPS_ARM_THREAD_POINTER_H
#define _RSEQ_SYSDEPS_ARM_THREAD_POINTER_H

static inline void *rseq_thread_pointer(void)
{
	return __builtin_thread_pointer();
}

#endif
