/* SPDX-License-Identifier: MIT */
/* aarch64 primitives for sysdeps/loadstore/percpu-template.h, which holds
   the operations and describes the frame.  No include guard on purpose.

   x15 is the scratch register injected asm may use (RSEQ_ASM_TMP_REG, or
   its 32-bit view RSEQ_ASM_TMP_REG32); x14 carries values across the
   injection points.  */

#ifndef RSEQ_AARCH64_ASM_BLOCKS
#define RSEQ_AARCH64_ASM_BLOCKS

#define RSEQ_ASM_TMP_REG	"x15"
#define RSEQ_ASM_TMP_REG32	"w15"
#define RSEQ_ASM_TMP		"x15"
#define RSEQ_ASM_TMP2		"x14"
#define RSEQ_ASM_PTR		"r"
#define RSEQ_ASM_CLOBBERS	"memory", "cc", "x14", "x15"

#define RSEQ_ASM_CHECK_INDEX(index_offset, label)				\
	"ldr w15, [%[abi], #" __rseq_str(index_offset) "]\n\t"			\
	"cmp w15, %w[index]\n\t"						\
	"b.ne " label "\n\t"

/* The descriptor is reached with adrp/add: PC-relative, so no text
   relocation in a shared object, and ±4 GiB of reach.  The fence is read
   with ldar, whose acquire semantics keep every later load and store of
   the sequence after it: it pairs with the store-release with which
   cpu_opv() drops the fence after changing this CPU's data, so a sequence
   that sees the fence free also sees those changes.  */
#define RSEQ_ASM_OPEN(index_offset)						\
	RSEQ_ASM_DESCRIPTOR							\
	"adrp x15, 3b\n\t"							\
	"add x15, x15, :lo12:3b\n\t"						\
	"str x15, [%[abi], #" RSEQ_ASM_RSEQ_CS_OFFSET "]\n\t"			\
	"1:\n\t"								\
	RSEQ_INJECT_ASM(1)							\
	RSEQ_ASM_REGISTERED_CHECK(						\
		"ldr w15, [%[abi], #4]\n\t"					\
		"cmp w15, #0\n\t"						\
		"b.lt %l[abort]\n\t")						\
	RSEQ_ASM_CHECK_INDEX(index_offset, "%l[abort]")				\
	RSEQ_INJECT_ASM(2)							\
	RSEQ_ASM_FENCE_CHECK(						\
		"ldar w15, [%[fence]]\n\t"				\
		"cbnz w15, %l[abort]\n\t")				\
	RSEQ_INJECT_ASM(3)

/* b reaches ±128 MiB, and the linker adds a veneer beyond.  */
#define RSEQ_ASM_ABORT_JUMP	"b %l[abort]\n\t"
#define RSEQ_ASM_END

#define RSEQ_ASM_LOAD(reg, addr)	"ldr " reg ", [" addr "]\n\t"
#define RSEQ_ASM_STORE(reg, addr)	"str " reg ", [" addr "]\n\t"
#define RSEQ_ASM_STORE_RELEASE(reg, addr)	"stlr " reg ", [" addr "]\n\t"
#define RSEQ_ASM_ADD(reg, value)	"add " reg ", " reg ", " value "\n\t"

#define RSEQ_ASM_BNE(a, b, label)						\
	"cmp " a ", " b "\n\t"							\
	"b.ne " label "\n\t"
#define RSEQ_ASM_BEQ(a, b, label)						\
	"cmp " a ", " b "\n\t"							\
	"b.eq " label "\n\t"

/* A byte loop: x14 indexes, w15 carries.  */
#define RSEQ_ASM_MEMCPY(dst, src, len)						\
	"mov x14, #0\n\t"							\
	"cbz " len ", 6f\n\t"							\
	"5:\n\t"								\
	"ldrb w15, [" src ", x14]\n\t"						\
	"strb w15, [" dst ", x14]\n\t"						\
	"add x14, x14, #1\n\t"							\
	"cmp x14, " len "\n\t"							\
	"b.ne 5b\n\t"								\
	"6:\n\t"

#endif /* RSEQ_AARCH64_ASM_BLOCKS */

#include "../loadstore/percpu-template.h"
