/* SPDX-License-Identifier: MIT */
/* MIPS primitives (standard encoding; o32, n32, n64) for
   sysdeps/loadstore/percpu-template.h, which holds the operations and
   describes the frame.  No include guard on purpose.

   $12 is the scratch register injected asm may use (RSEQ_ASM_TMP_REG); $13
   carries values across the injection points; $14 is one more for the
   copy loop; $31 (ra) serves to find addresses.  The sequence runs with
   the assembler in reorder mode, which fills the branch delay slots: it
   only ever moves the instruction before a branch into its slot, never
   across a label, so the commit store stays last.  */

#ifndef RSEQ_MIPS_ASM_BLOCKS
#define RSEQ_MIPS_ASM_BLOCKS

#define RSEQ_ASM_TMP_REG	"$12"
#define RSEQ_ASM_TMP		"$12"
#define RSEQ_ASM_TMP2		"$13"
#define RSEQ_ASM_PTR		"r"
#define RSEQ_ASM_CLOBBERS	"memory", "$12", "$13", "$14", "$31"

/* Without PC-relative addressing (before R6) the PC comes from bal, and
   the assembler stores the distance to the target right after bal's delay
   slot, where ra points: position-independent, no text relocation and no
   reliance on $gp being set up in the enclosing function.  */
#define RSEQ_MIPS_ADDRESS(reg, target, label)					\
	"bal " label "f\n\t"							\
	".4byte " target " - .\n\t"						\
	label ":\n\t"								\
	"lw " reg ", 0($31)\n\t"						\
	RSEQ_ASM_LONG("daddu", "addu") " " reg ", " reg ", $31\n\t"

#define RSEQ_ASM_CHECK_INDEX(index_offset, label)				\
	"lw $12, " __rseq_str(index_offset) "(%[abi])\n\t"			\
	"bne $12, %[index], " label "\n\t"

/* The fence load is followed by sync: an acquire, which pairs with the
   store-release with which cpu_opv() drops the fence after changing this
   CPU's data, so a sequence that sees the fence free also sees those
   changes.  */
#define RSEQ_ASM_OPEN(index_offset)						\
	".set push\n\t"								\
	".set reorder\n\t"							\
	RSEQ_ASM_DESCRIPTOR							\
	RSEQ_MIPS_ADDRESS("$12", "3b", "7")					\
	RSEQ_ASM_LONG("sd", "sw") " $12, "					\
		RSEQ_ASM_RSEQ_CS_OFFSET "(%[abi])\n\t"				\
	"1:\n\t"								\
	RSEQ_INJECT_ASM(1)							\
	RSEQ_ASM_REGISTERED_CHECK(						\
		"lw $12, 4(%[abi])\n\t"					\
		"bltz $12, %l[abort]\n\t")					\
	RSEQ_ASM_CHECK_INDEX(index_offset, "%l[abort]")				\
	RSEQ_INJECT_ASM(2)							\
	RSEQ_ASM_FENCE_CHECK(						\
		"lw $12, 0(%[fence])\n\t"				\
		"sync\n\t"						\
		"bnez $12, %l[abort]\n\t")				\
	RSEQ_INJECT_ASM(3)

/* b reaches only ±128 KiB: jump through a register.  */
#define RSEQ_ASM_ABORT_JUMP							\
	RSEQ_MIPS_ADDRESS("$12", "%l[abort]", "8")				\
	"jr $12\n\t"
#define RSEQ_ASM_END	".set pop\n\t"

#define RSEQ_ASM_LOAD(reg, addr)						\
	RSEQ_ASM_LONG("ld", "lw") " " reg ", 0(" addr ")\n\t"
#define RSEQ_ASM_STORE(reg, addr)						\
	RSEQ_ASM_LONG("sd", "sw") " " reg ", 0(" addr ")\n\t"
#define RSEQ_ASM_STORE_RELEASE(reg, addr)					\
	"sync\n\t"								\
	RSEQ_ASM_STORE(reg, addr)
#define RSEQ_ASM_ADD(reg, value)						\
	RSEQ_ASM_LONG("daddu", "addu") " " reg ", " reg ", " value "\n\t"

#define RSEQ_ASM_BNE(a, b, label)	"bne " a ", " b ", " label "\n\t"
#define RSEQ_ASM_BEQ(a, b, label)	"beq " a ", " b ", " label "\n\t"

/* A byte loop: $13 indexes, $14 addresses, $12 carries.  */
#define RSEQ_ASM_MEMCPY(dst, src, len)						\
	"move $13, $0\n\t"							\
	"beqz " len ", 6f\n\t"							\
	"5:\n\t"								\
	RSEQ_ASM_LONG("daddu", "addu") " $14, " src ", $13\n\t"		\
	"lbu $12, 0($14)\n\t"							\
	RSEQ_ASM_LONG("daddu", "addu") " $14, " dst ", $13\n\t"		\
	"sb $12, 0($14)\n\t"							\
	RSEQ_ASM_LONG("daddiu", "addiu") " $13, $13, 1\n\t"			\
	"bne $13, " len ", 5b\n\t"						\
	"6:\n\t"

#endif /* RSEQ_MIPS_ASM_BLOCKS */

#include "../loadstore/percpu-template.h"
