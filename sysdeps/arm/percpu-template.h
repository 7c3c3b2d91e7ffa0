/* SPDX-License-Identifier: MIT */
/* 32-bit Arm primitives (ARMv7+, A32 or Thumb-2) for
   sysdeps/loadstore/percpu-template.h, which holds the operations and
   describes the frame.  No include guard on purpose.

   r12 is the scratch register injected asm may use (RSEQ_ASM_TMP_REG); lr
   carries values across the injection points, which spares the argument
   registers.  */

#ifndef RSEQ_ARM_ASM_BLOCKS
#define RSEQ_ARM_ASM_BLOCKS

#define RSEQ_ASM_TMP_REG	"r12"
#define RSEQ_ASM_TMP		"r12"
#define RSEQ_ASM_TMP2		"lr"
#define RSEQ_ASM_PTR		"r"
#define RSEQ_ASM_CLOBBERS	"memory", "cc", "r12", "lr"

/* Reading pc gives the instruction's address plus 8 in A32, plus 4 in
   T32.  */
#ifdef __thumb__
# define RSEQ_ASM_PC_BIAS	"4"
#else
# define RSEQ_ASM_PC_BIAS	"8"
#endif

/* ARMv8 has load-acquire and store-release; ARMv7 needs a dmb: after the
   fence load (anything later stays later), before the commit store.  */
#if __ARM_ARCH >= 8
# define RSEQ_ASM_LOAD_FENCE	"lda r12, [%[fence]]\n\t"
# define RSEQ_ASM_AFTER_FENCE
# define RSEQ_ASM_STORE_RELEASE(reg, addr)	"stl " reg ", [" addr "]\n\t"
#else
# define RSEQ_ASM_LOAD_FENCE	"ldr r12, [%[fence]]\n\t"
# define RSEQ_ASM_AFTER_FENCE	"dmb ish\n\t"
# define RSEQ_ASM_STORE_RELEASE(reg, addr)					\
	"dmb ish\n\t"								\
	"str " reg ", [" addr "]\n\t"
#endif

#define RSEQ_ASM_CHECK_INDEX(index_offset, label)				\
	"ldr r12, [%[abi], #" __rseq_str(index_offset) "]\n\t"			\
	"cmp r12, %[index]\n\t"							\
	"bne " label "\n\t"

/* The descriptor's address is PC-relative (movw/movt of its distance from
   label 7), so a shared object needs no text relocation.  The fence load
   is an acquire (see RSEQ_ASM_LOAD_FENCE): it pairs with the
   store-release with which cpu_opv() drops the fence after changing this
   CPU's data, so a sequence that sees the fence free also sees those
   changes.  */
#define RSEQ_ASM_OPEN(index_offset)						\
	RSEQ_ASM_DESCRIPTOR							\
	"movw r12, #:lower16:(3b - (7f + " RSEQ_ASM_PC_BIAS "))\n\t"		\
	"movt r12, #:upper16:(3b - (7f + " RSEQ_ASM_PC_BIAS "))\n\t"		\
	"7:\n\t"								\
	"add r12, r12, pc\n\t"							\
	"str r12, [%[abi], #" RSEQ_ASM_RSEQ_CS_OFFSET "]\n\t"			\
	"1:\n\t"								\
	RSEQ_INJECT_ASM(1)							\
	RSEQ_ASM_REGISTERED_CHECK(						\
		"ldr r12, [%[abi], #4]\n\t"					\
		"cmp r12, #0\n\t"						\
		"blt %l[abort]\n\t")						\
	RSEQ_ASM_CHECK_INDEX(index_offset, "%l[abort]")				\
	RSEQ_INJECT_ASM(2)							\
	RSEQ_ASM_FENCE_CHECK(						\
		RSEQ_ASM_LOAD_FENCE					\
		"cmp r12, #0\n\t"					\
		"bne %l[abort]\n\t"					\
		RSEQ_ASM_AFTER_FENCE)					\
	RSEQ_INJECT_ASM(3)

/* b reaches ±32 MiB (±16 MiB in T32), and the linker adds a veneer
   beyond.  */
#define RSEQ_ASM_ABORT_JUMP	"b %l[abort]\n\t"
#define RSEQ_ASM_END

#define RSEQ_ASM_LOAD(reg, addr)	"ldr " reg ", [" addr "]\n\t"
#define RSEQ_ASM_STORE(reg, addr)	"str " reg ", [" addr "]\n\t"
#define RSEQ_ASM_ADD(reg, value)	"add " reg ", " reg ", " value "\n\t"

#define RSEQ_ASM_BNE(a, b, label)						\
	"cmp " a ", " b "\n\t"							\
	"bne " label "\n\t"
#define RSEQ_ASM_BEQ(a, b, label)						\
	"cmp " a ", " b "\n\t"							\
	"beq " label "\n\t"

/* A byte loop: lr indexes, r12 carries.  */
#define RSEQ_ASM_MEMCPY(dst, src, len)						\
	"mov lr, #0\n\t"							\
	"cmp " len ", #0\n\t"							\
	"beq 6f\n\t"								\
	"5:\n\t"								\
	"ldrb r12, [" src ", lr]\n\t"						\
	"strb r12, [" dst ", lr]\n\t"						\
	"add lr, lr, #1\n\t"							\
	"cmp lr, " len "\n\t"							\
	"bne 5b\n\t"								\
	"6:\n\t"

#endif /* RSEQ_ARM_ASM_BLOCKS */

#include "../loadstore/percpu-template.h"
