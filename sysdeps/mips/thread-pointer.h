/* SPDX-License-Identifier: MIT */
/* The UserLocal register (rdhwr $29, emulated by the kernel where the CPU
   lacks it) as it is: the TLS ABI points it 0x7000 bytes past the end of
   the TCB, and glibc's __rseq_offset (like our rseq_offset) is relative to
   that value, so the bias is part of the offset and must not be removed
   here.  */
#ifndef _RSEQ_SYSDEPS_MIPS_THREAD_POINTER_H
#define _RSEQ_SYSDEPS_MIPS_THREAD_POINTER_H

static inline void *rseq_thread_pointer(void)
{
	return __builtin_thread_pointer();
}

#endif
