/* SPDX-License-Identifier: MIT */
/* What x86_64 and i386 share among the primitives of
   sysdeps/loadstore/percpu-template.h.  Their frames differ (the thread
   pointer register, and i386 has no PC-relative addressing); this does
   not.  */
#ifndef RSEQ_X86_PERCPU_BLOCKS_H
#define RSEQ_X86_PERCPU_BLOCKS_H

/* RSEQ_SIG as the displacement of a ud1 (see signature.h): a stray jump
   into the abort handler's prefix traps instead of running data.  */
#define RSEQ_ASM_SIGNATURE							\
	".byte 0x0f, 0xb9, 0x3d\n\t"						\
	".long " __rseq_str(RSEQ_SIG) "\n\t"

#define RSEQ_ASM_ABORT_JUMP	"jmp %l[abort]\n\t"
#define RSEQ_ASM_END

/* TSO: every store is a release store.  */
#define RSEQ_ASM_STORE_RELEASE(reg, addr)	RSEQ_ASM_STORE(reg, addr)

#endif /* RSEQ_X86_PERCPU_BLOCKS_H */
