/* SPDX-License-Identifier: MIT */
/* x86_64 primitives for sysdeps/loadstore/percpu-template.h, which holds
   the operations and describes the frame.  No include guard on purpose.

   %rax is the scratch register injected asm may use (RSEQ_ASM_TMP); %rdx
   carries values across the injection points.  The area is reached
   through its address, which the loop that read the index from it already
   holds in a register (an %fs-relative operand would need rseq_offset in
   a second one); the descriptor PC-relatively.  */

#ifndef RSEQ_X86_64_ASM_BLOCKS
#define RSEQ_X86_64_ASM_BLOCKS

#include "../x86/percpu-blocks.h"

#define RSEQ_ASM_TMP		"%%rax"
#define RSEQ_ASM_TMP2		"%%rdx"
#define RSEQ_ASM_PTR		"r"
/* Values may be immediates: every use takes a sign-extended imm32.  */
#define RSEQ_ASM_VAL		"er"
#define RSEQ_ASM_CLOBBERS	"memory", "cc", "rax", "rdx"

#define RSEQ_ASM_INPUTS(cpu_, mode_)						\
	[abi] "r" (rseq_get_abi()),						\
	[index] "r" (cpu_)							\
	RSEQ_ASM_FENCE_OPERAND([fence] "m" (rseq_opv_fence_table[mode_][cpu_].held))

#define RSEQ_ASM_CHECK_INDEX(index_offset, label)				\
	"cmpl %[index], " __rseq_str(index_offset) "(%[abi])\n\t"		\
	"jnz " label "\n\t"

#define RSEQ_ASM_OPEN(index_offset)						\
	RSEQ_ASM_DESCRIPTOR							\
	"leaq 3b(%%rip), %%rax\n\t"						\
	"movq %%rax, " RSEQ_ASM_RSEQ_CS_OFFSET "(%[abi])\n\t"			\
	"1:\n\t"								\
	RSEQ_INJECT_ASM(1)							\
	RSEQ_ASM_REGISTERED_CHECK(						\
		"cmpl $0, 4(%[abi])\n\t"					\
		"jl 4f\n\t")							\
	RSEQ_ASM_CHECK_INDEX(index_offset, "4f")				\
	RSEQ_INJECT_ASM(2)							\
	RSEQ_ASM_FENCE_CHECK(							\
		"cmpl $0, %[fence]\n\t"						\
		"jnz 4f\n\t")							\
	RSEQ_INJECT_ASM(3)

#define RSEQ_ASM_LOAD(reg, addr)	"movq (" addr "), " reg "\n\t"
#define RSEQ_ASM_STORE(reg, addr)	"movq " reg ", (" addr ")\n\t"
#define RSEQ_ASM_ADD(reg, value)	"addq " value ", " reg "\n\t"

/* x86 compares with and adds to memory in one instruction.  */
#define RSEQ_ASM_CBNE(ptr, expect, label)					\
	"cmpq " expect ", (" ptr ")\n\t"					\
	"jnz " label "\n\t"
#define RSEQ_ASM_LOAD_ADD_COMMIT(addr, value)					\
	"addq " value ", (" addr ")\n\t"

#define RSEQ_ASM_BNE(a, b, label)						\
	"cmpq " b ", " a "\n\t"							\
	"jnz " label "\n\t"
#define RSEQ_ASM_BEQ(a, b, label)						\
	"cmpq " b ", " a "\n\t"							\
	"jz " label "\n\t"

/* A byte loop: %rdx indexes, %al carries.  rep movsb would need three
   more registers, which -O0 code does not have to spare.  */
#define RSEQ_ASM_MEMCPY(dst, src, len)						\
	"xorl %%edx, %%edx\n\t"							\
	"5:\n\t"								\
	"cmpq " len ", %%rdx\n\t"						\
	"jae 6f\n\t"								\
	"movb (" src ", %%rdx), %%al\n\t"					\
	"movb %%al, (" dst ", %%rdx)\n\t"					\
	"incq %%rdx\n\t"							\
	"jmp 5b\n\t"								\
	"6:\n\t"

#endif /* RSEQ_X86_64_ASM_BLOCKS */

#include "../loadstore/percpu-template.h"
