/* SPDX-License-Identifier: MIT */
/* i386 primitives for sysdeps/loadstore/percpu-template.h, which holds the
   operations and describes the frame.  No include guard on purpose.

   Two things set i386 apart:
   - no PC-relative addressing: the descriptor's address is computed from
     RSEQ_ASM_REF_LABEL, a label whose run-time address a get-PC thunk
     returns (the idiom compilers use for PIC); the assembler turns
     "3b - RSEQ_ASM_REF_LABEL b" into a PC-relative fix-up, so there is no
     text relocation.  The thunk is emitted once per assembly file and
     merged across objects (comdat).  A C label's address cannot serve:
     the compiler may redirect an asm goto edge to another block.
     Injected asm can reach its own data the same way: [ref_ip] (there
     when injected asm is) is a memory operand that holds the run-time
     address of RSEQ_ASM_REF_LABEL from that label on, so
     "movl %[ref_ip], %%eax" then "(symbol - 881b)(%%eax)" addresses any
     symbol;
   - few registers: operands may be memory (RSEQ_ASM_PTR "rm",
     RSEQ_ASM_VAL "g"; only the index must be a register or an
     immediate), so that even -O0 code with a frame pointer and a PIC
     register has enough left, and every primitive goes through the
     scratch registers: %eax (RSEQ_ASM_TMP, which injected asm may use),
     %edx (RSEQ_ASM_TMP2) and %ecx (addresses).  */

#ifndef RSEQ_I386_ASM_BLOCKS
#define RSEQ_I386_ASM_BLOCKS

#include "../x86/percpu-blocks.h"

#define RSEQ_ASM_REF_LABEL	881

#define RSEQ_ASM_TMP		"%%eax"
#define RSEQ_ASM_TMP2		"%%edx"
#define RSEQ_ASM_PTR		"rm"
#define RSEQ_ASM_VAL		"g"
#define RSEQ_ASM_CLOBBERS	"memory", "cc", "eax", "ecx", "edx"

/* The fence word's address and ref_ip are locals so that the asm can take
   them as operands; ref_ip is written by the asm through an input
   operand: nothing in C reads it, and the asm clobbers memory.  Only
   injected asm reads ref_ip: without injection there is none.  */
#if RSEQ_INJECTING
# define RSEQ_ASM_REF_IP_LOCAL	uintptr_t rseq_ref_ip = 0;
# define RSEQ_ASM_REF_IP_OPERAND	, [ref_ip] "m" (rseq_ref_ip)
# define RSEQ_ASM_SAVE_REF_IP	"movl %%ecx, %[ref_ip]\n\t"
#else
# define RSEQ_ASM_REF_IP_LOCAL
# define RSEQ_ASM_REF_IP_OPERAND
# define RSEQ_ASM_SAVE_REF_IP
#endif

#define RSEQ_ASM_LOCALS(cpu_, mode_)						\
	const volatile uint32_t *rseq_fence_addr __attribute__((unused)) =	\
		&rseq_opv_fence_table[mode_][cpu_].held;			\
	RSEQ_ASM_REF_IP_LOCAL

#define RSEQ_ASM_INPUTS(cpu_, mode_)						\
	[rseq_offset] "rm" (rseq_offset),					\
	[index] "ri" (cpu_)							\
	RSEQ_ASM_REF_IP_OPERAND							\
	RSEQ_ASM_FENCE_OPERAND([fence] "rm" (rseq_fence_addr))

#define RSEQ_ASM_GET_PC_THUNK							\
	".ifndef __rseq_i386_get_pc_ecx\n\t"					\
	".pushsection .text.__rseq_i386_get_pc_ecx, \"axG\", @progbits, "	\
		"__rseq_i386_get_pc_ecx, comdat\n\t"				\
	".globl __rseq_i386_get_pc_ecx\n\t"					\
	".hidden __rseq_i386_get_pc_ecx\n\t"					\
	".type __rseq_i386_get_pc_ecx, @function\n\t"				\
	"__rseq_i386_get_pc_ecx:\n\t"						\
	"movl (%%esp), %%ecx\n\t"						\
	"ret\n\t"								\
	".popsection\n\t"							\
	".endif\n\t"

/* %eax only: RSEQ_COMPARE_TWICE runs it while %edx carries a value.  The
   index is a register or an immediate, so that it compares with the
   area's field in one instruction.  */
#define RSEQ_ASM_CHECK_INDEX(index_offset, label)				\
	"movl %[rseq_offset], %%eax\n\t"					\
	"cmpl %[index], %%gs:" __rseq_str(index_offset) "(%%eax)\n\t"		\
	"jnz " label "\n\t"

#define RSEQ_ASM_OPEN(index_offset)						\
	RSEQ_ASM_GET_PC_THUNK							\
	RSEQ_ASM_DESCRIPTOR							\
	"call __rseq_i386_get_pc_ecx\n\t"					\
	__rseq_str(RSEQ_ASM_REF_LABEL) ":\n\t"					\
	RSEQ_ASM_SAVE_REF_IP							\
	"leal (3b - " __rseq_str(RSEQ_ASM_REF_LABEL) "b)(%%ecx), %%ecx\n\t"	\
	"movl %[rseq_offset], %%eax\n\t"					\
	"movl %%ecx, %%gs:" RSEQ_ASM_RSEQ_CS_OFFSET "(%%eax)\n\t"		\
	"1:\n\t"								\
	RSEQ_INJECT_ASM(1)							\
	RSEQ_ASM_REGISTERED_CHECK(						\
		"movl %[rseq_offset], %%eax\n\t"				\
		"cmpl $0, %%gs:4(%%eax)\n\t"					\
		"jl 4f\n\t")							\
	RSEQ_ASM_CHECK_INDEX(index_offset, "4f")				\
	RSEQ_INJECT_ASM(2)							\
	RSEQ_ASM_FENCE_CHECK(							\
		"movl %[fence], %%eax\n\t"					\
		"cmpl $0, (%%eax)\n\t"						\
		"jnz 4f\n\t")							\
	RSEQ_INJECT_ASM(3)

/* addr and a stored value may be memory operands: both go through
   scratch registers, and the store itself stays the last instruction.  */
#define RSEQ_ASM_LOAD(reg, addr)						\
	"movl " addr ", %%ecx\n\t"						\
	"movl (%%ecx), " reg "\n\t"
#define RSEQ_ASM_STORE(reg, addr)						\
	"movl " addr ", %%ecx\n\t"						\
	"movl " reg ", %%eax\n\t"						\
	"movl %%eax, (%%ecx)\n\t"
#define RSEQ_ASM_ADD(reg, value)	"addl " value ", " reg "\n\t"

/* The add to memory commits; the value goes through %eax, as it may be a
   memory operand.  */
#define RSEQ_ASM_LOAD_ADD_COMMIT(addr, value)					\
	"movl " value ", %%eax\n\t"						\
	"movl " addr ", %%ecx\n\t"						\
	"addl %%eax, (%%ecx)\n\t"

#define RSEQ_ASM_BNE(a, b, label)						\
	"cmpl " b ", " a "\n\t"							\
	"jnz " label "\n\t"
#define RSEQ_ASM_BEQ(a, b, label)						\
	"cmpl " b ", " a "\n\t"							\
	"jz " label "\n\t"

/* A byte loop: %edx indexes, %al carries, %ecx holds each address.  */
#define RSEQ_ASM_MEMCPY(dst, src, len)						\
	"xorl %%edx, %%edx\n\t"							\
	"5:\n\t"								\
	"cmpl " len ", %%edx\n\t"						\
	"jae 6f\n\t"								\
	"movl " src ", %%ecx\n\t"						\
	"movb (%%ecx, %%edx), %%al\n\t"						\
	"movl " dst ", %%ecx\n\t"						\
	"movb %%al, (%%ecx, %%edx)\n\t"						\
	"incl %%edx\n\t"							\
	"jmp 5b\n\t"								\
	"6:\n\t"

#endif /* RSEQ_I386_ASM_BLOCKS */

#include "../loadstore/percpu-template.h"
