/* SPDX-License-Identifier: MIT */
/* RISC-V primitives (RV64 and RV32) for sysdeps/loadstore/percpu-template.h,
   which holds the operations and describes the frame.  No include guard on
   purpose.

   t6 is the scratch register injected asm may use (RSEQ_ASM_TMP_REG); t5
   carries values across the injection points; t4 is one more for the copy
   loop.  */

#ifndef RSEQ_RISCV_ASM_BLOCKS
#define RSEQ_RISCV_ASM_BLOCKS

#define RSEQ_ASM_TMP_REG	"t6"
#define RSEQ_ASM_TMP		"t6"
#define RSEQ_ASM_TMP2		"t5"
#define RSEQ_ASM_PTR		"r"
#define RSEQ_ASM_CLOBBERS	"memory", "t4", "t5", "t6"

/* lw sign-extends, like the intptr_t [index].  */
#define RSEQ_ASM_CHECK_INDEX(index_offset, label)				\
	"lw t6, " __rseq_str(index_offset) "(%[abi])\n\t"			\
	"bne t6, %[index], " label "\n\t"

/* lla is PC-relative: no text relocation in a shared object.  RVWMO lets
   later loads pass the fence load, so a fence r,rw follows it, making it
   an acquire that pairs with the store-release with which cpu_opv() drops
   the fence after changing this CPU's data: a sequence that sees the fence
   free also sees those changes.  Branches to other sections are relaxed by
   the assembler; those to C labels it resolves in place.  */
#define RSEQ_ASM_OPEN(index_offset)						\
	RSEQ_ASM_DESCRIPTOR							\
	"lla t6, 3b\n\t"							\
	RSEQ_ASM_LONG("sd", "sw") " t6, "					\
		RSEQ_ASM_RSEQ_CS_OFFSET "(%[abi])\n\t"				\
	"1:\n\t"								\
	RSEQ_INJECT_ASM(1)							\
	RSEQ_ASM_REGISTERED_CHECK(						\
		"lw t6, 4(%[abi])\n\t"					\
		"bltz t6, %l[abort]\n\t")					\
	RSEQ_ASM_CHECK_INDEX(index_offset, "%l[abort]")				\
	RSEQ_INJECT_ASM(2)							\
	RSEQ_ASM_FENCE_CHECK(						\
		"lw t6, 0(%[fence])\n\t"				\
		"fence r, rw\n\t"					\
		"bnez t6, %l[abort]\n\t")				\
	RSEQ_INJECT_ASM(3)

/* j reaches only ±1 MiB: auipc+jr reaches anywhere (the linker shortens
   it when it can).  */
#define RSEQ_ASM_ABORT_JUMP	"jump %l[abort], t6\n\t"
#define RSEQ_ASM_END

#define RSEQ_ASM_LOAD(reg, addr)						\
	RSEQ_ASM_LONG("ld", "lw") " " reg ", 0(" addr ")\n\t"
#define RSEQ_ASM_STORE(reg, addr)						\
	RSEQ_ASM_LONG("sd", "sw") " " reg ", 0(" addr ")\n\t"
#define RSEQ_ASM_STORE_RELEASE(reg, addr)					\
	"fence rw, w\n\t"							\
	RSEQ_ASM_STORE(reg, addr)
#define RSEQ_ASM_ADD(reg, value)	"add " reg ", " reg ", " value "\n\t"

#define RSEQ_ASM_BNE(a, b, label)	"bne " a ", " b ", " label "\n\t"
#define RSEQ_ASM_BEQ(a, b, label)	"beq " a ", " b ", " label "\n\t"

/* A byte loop: t5 indexes, t4 addresses, t6 carries.  */
#define RSEQ_ASM_MEMCPY(dst, src, len)						\
	"li t5, 0\n\t"								\
	"beqz " len ", 6f\n\t"							\
	"5:\n\t"								\
	"add t4, " src ", t5\n\t"						\
	"lbu t6, 0(t4)\n\t"							\
	"add t4, " dst ", t5\n\t"						\
	"sb t6, 0(t4)\n\t"							\
	"addi t5, t5, 1\n\t"							\
	"bne t5, " len ", 5b\n\t"						\
	"6:\n\t"

#endif /* RSEQ_RISCV_ASM_BLOCKS */

#include "../loadstore/percpu-template.h"
