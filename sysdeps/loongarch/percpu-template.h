/* SPDX-License-Identifier: MIT */
/* LoongArch64 primitives for sysdeps/loadstore/percpu-template.h, which
   holds the operations and describes the frame.  No include guard on
   purpose.  Not compiled by the test suite (no compiler in Debian 12).

   $r12 ($t0) is the scratch register injected asm may use
   (RSEQ_ASM_TMP_REG); $r13 ($t1) carries values across the injection
   points.  */

#ifndef RSEQ_LOONGARCH_ASM_BLOCKS
#define RSEQ_LOONGARCH_ASM_BLOCKS

#define RSEQ_ASM_TMP_REG	"$r12"
#define RSEQ_ASM_TMP		"$r12"
#define RSEQ_ASM_TMP2		"$r13"
#define RSEQ_ASM_PTR		"r"
#define RSEQ_ASM_CLOBBERS	"memory", "$r12", "$r13"

/* ld.w sign-extends, like the intptr_t [index].  */
#define RSEQ_ASM_CHECK_INDEX(index_offset, label)				\
	"ld.w $r12, %[abi], " __rseq_str(index_offset) "\n\t"			\
	"bne $r12, %[index], " label "\n\t"

/* la.pcrel is PC-relative: no text relocation in a shared object.  The
   fence load is followed by a barrier: an acquire, which pairs with the
   store-release with which cpu_opv() drops the fence after changing this
   CPU's data, so a sequence that sees the fence free also sees those
   changes.  */
#define RSEQ_ASM_OPEN(index_offset)						\
	RSEQ_ASM_DESCRIPTOR							\
	"la.pcrel $r12, 3b\n\t"							\
	"st.d $r12, %[abi], " RSEQ_ASM_RSEQ_CS_OFFSET "\n\t"			\
	"1:\n\t"								\
	RSEQ_INJECT_ASM(1)							\
	RSEQ_ASM_REGISTERED_CHECK(						\
		"ld.w $r12, %[abi], 4\n\t"					\
		"blt $r12, $r0, %l[abort]\n\t")				\
	RSEQ_ASM_CHECK_INDEX(index_offset, "%l[abort]")				\
	RSEQ_INJECT_ASM(2)							\
	RSEQ_ASM_FENCE_CHECK(						\
		"ld.w $r12, %[fence], 0\n\t"				\
		"dbar 0\n\t"						\
		"bnez $r12, %l[abort]\n\t")				\
	RSEQ_INJECT_ASM(3)

/* b reaches ±128 MiB.  */
#define RSEQ_ASM_ABORT_JUMP	"b %l[abort]\n\t"
#define RSEQ_ASM_END

#define RSEQ_ASM_LOAD(reg, addr)	"ld.d " reg ", " addr ", 0\n\t"
#define RSEQ_ASM_STORE(reg, addr)	"st.d " reg ", " addr ", 0\n\t"
#define RSEQ_ASM_STORE_RELEASE(reg, addr)					\
	"dbar 0\n\t"								\
	RSEQ_ASM_STORE(reg, addr)
#define RSEQ_ASM_ADD(reg, value)	"add.d " reg ", " reg ", " value "\n\t"

#define RSEQ_ASM_BNE(a, b, label)	"bne " a ", " b ", " label "\n\t"
#define RSEQ_ASM_BEQ(a, b, label)	"beq " a ", " b ", " label "\n\t"

/* A byte loop: $r13 indexes, $r12 carries.  */
#define RSEQ_ASM_MEMCPY(dst, src, len)						\
	"or $r13, $r0, $r0\n\t"							\
	"beqz " len ", 6f\n\t"							\
	"5:\n\t"								\
	"ldx.bu $r12, " src ", $r13\n\t"					\
	"stx.b $r12, " dst ", $r13\n\t"						\
	"addi.d $r13, $r13, 1\n\t"						\
	"bne $r13, " len ", 5b\n\t"						\
	"6:\n\t"

#endif /* RSEQ_LOONGARCH_ASM_BLOCKS */

#include "../loadstore/percpu-template.h"
