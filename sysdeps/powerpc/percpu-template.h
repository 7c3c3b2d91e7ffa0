/* SPDX-License-Identifier: MIT */
/* Power primitives (32 and 64-bit) for sysdeps/loadstore/percpu-template.h,
   which holds the operations and describes the frame.  No include guard on
   purpose.

   r12 is the scratch register injected asm may use (RSEQ_ASM_TMP_REG, to
   be written "%%r12" in asm text); r11 carries values across the injection
   points.  Address inputs use the "b" constraint: r0 as a base reads as 0.  */

#ifndef RSEQ_POWERPC_ASM_BLOCKS
#define RSEQ_POWERPC_ASM_BLOCKS

#define RSEQ_ASM_TMP_REG	"r12"
#define RSEQ_ASM_TMP		"%%r12"
#define RSEQ_ASM_TMP2		"%%r11"
#define RSEQ_ASM_PTR		"b"
#define RSEQ_ASM_CLOBBERS	"memory", "cr0", "r11", "r12", "lr"

#define RSEQ_ASM_CHECK_INDEX(index_offset, label)				\
	"lwz %%r12, " __rseq_str(index_offset) "(%[abi])\n\t"			\
	"cmpw %%r12, %[index]\n\t"						\
	"bne- " label "\n\t"

/* The descriptor's address comes from the link register, which bcl to the
   next instruction loads (the branch predictor knows this form and does
   not push a return address), plus the assembler-computed distance: no
   text relocation in a shared object.  The fence check is the load,
   compare, branch, isync import barrier: no later instruction starts
   before the fence value is known, an acquire that pairs with the
   store-release with which cpu_opv() drops the fence after changing this
   CPU's data, so a sequence that sees the fence free also sees those
   changes.  */
#define RSEQ_ASM_OPEN(index_offset)						\
	RSEQ_ASM_DESCRIPTOR							\
	"bcl 20, 31, 7f\n\t"							\
	"7:\n\t"								\
	"mflr %%r12\n\t"							\
	"addis %%r12, %%r12, (3b - 7b)@ha\n\t"					\
	"addi %%r12, %%r12, (3b - 7b)@l\n\t"					\
	RSEQ_ASM_LONG("std", "stw") " %%r12, "				\
		RSEQ_ASM_RSEQ_CS_OFFSET "(%[abi])\n\t"				\
	"1:\n\t"								\
	RSEQ_INJECT_ASM(1)							\
	RSEQ_ASM_REGISTERED_CHECK(						\
		"lwz %%r12, 4(%[abi])\n\t"					\
		"cmpwi %%r12, 0\n\t"						\
		"blt- %l[abort]\n\t")						\
	RSEQ_ASM_CHECK_INDEX(index_offset, "%l[abort]")				\
	RSEQ_INJECT_ASM(2)							\
	RSEQ_ASM_FENCE_CHECK(						\
		"lwz %%r12, 0(%[fence])\n\t"				\
		"cmpwi %%r12, 0\n\t"					\
		"bne- %l[abort]\n\t"					\
		"isync\n\t")						\
	RSEQ_INJECT_ASM(3)

/* b reaches ±32 MiB, and the linker adds a stub beyond.  */
#define RSEQ_ASM_ABORT_JUMP	"b %l[abort]\n\t"
#define RSEQ_ASM_END

#define RSEQ_ASM_LOAD(reg, addr)						\
	RSEQ_ASM_LONG("ld", "lwz") " " reg ", 0(" addr ")\n\t"
#define RSEQ_ASM_STORE(reg, addr)						\
	RSEQ_ASM_LONG("std", "stw") " " reg ", 0(" addr ")\n\t"
#define RSEQ_ASM_STORE_RELEASE(reg, addr)					\
	RSEQ_POWERPC_LWSYNC "\n\t"						\
	RSEQ_ASM_STORE(reg, addr)
#define RSEQ_ASM_ADD(reg, value)	"add " reg ", " reg ", " value "\n\t"

#define RSEQ_ASM_BNE(a, b, label)						\
	RSEQ_ASM_LONG("cmpd", "cmpw") " " a ", " b "\n\t"			\
	"bne- " label "\n\t"
#define RSEQ_ASM_BEQ(a, b, label)						\
	RSEQ_ASM_LONG("cmpd", "cmpw") " " a ", " b "\n\t"			\
	"beq- " label "\n\t"

/* A byte loop: r11 indexes, r12 carries.  */
#define RSEQ_ASM_MEMCPY(dst, src, len)						\
	"li %%r11, 0\n\t"							\
	RSEQ_ASM_LONG("cmpdi", "cmpwi") " " len ", 0\n\t"			\
	"beq- 6f\n\t"								\
	"5:\n\t"								\
	"lbzx %%r12, " src ", %%r11\n\t"					\
	"stbx %%r12, " dst ", %%r11\n\t"					\
	"addi %%r11, %%r11, 1\n\t"						\
	RSEQ_ASM_LONG("cmpd", "cmpw") " %%r11, " len "\n\t"			\
	"bne- 5b\n\t"								\
	"6:\n\t"

#endif /* RSEQ_POWERPC_ASM_BLOCKS */

#include "../loadstore/percpu-template.h"
