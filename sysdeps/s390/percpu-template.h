/* SPDX-License-Identifier: MIT */
/* s390 primitives (s390x and 31-bit) for sysdeps/loadstore/percpu-template.h,
   which holds the operations and describes the frame.  No include guard on
   purpose.

   r0 is the scratch register injected asm may use (RSEQ_ASM_TMP_REG, to be
   written "%%r0" in asm text); r1 carries values across the injection
   points.  Address inputs use the "a" constraint: r0 as a base or index
   reads as 0.  */

#ifndef RSEQ_S390_ASM_BLOCKS
#define RSEQ_S390_ASM_BLOCKS

#define RSEQ_ASM_TMP_REG	"r0"
#define RSEQ_ASM_TMP		"%%r0"
#define RSEQ_ASM_TMP2		"%%r1"
#define RSEQ_ASM_PTR		"a"
#define RSEQ_ASM_CLOBBERS	"memory", "cc", "r0", "r1"

/* c compares the low 32 bits of [index] with the field.  Branches to C
   labels use the long forms (±4 GiB): the compiler may move a cold label
   to another section.  */
#define RSEQ_ASM_CHECK_INDEX(index_offset, label)				\
	"c %[index], " __rseq_str(index_offset) "(%[abi])\n\t"			\
	"jgne " label "\n\t"

/* larl is PC-relative: no text relocation in a shared object.  Loads are
   not reordered with later loads or stores here, so the plain fence load
   already acts as the acquire that pairs with the store-release with
   which cpu_opv() drops the fence after changing this CPU's data.  */
#define RSEQ_ASM_OPEN(index_offset)						\
	RSEQ_ASM_DESCRIPTOR							\
	"larl %%r0, 3b\n\t"							\
	RSEQ_ASM_LONG("stg", "st") " %%r0, "					\
		RSEQ_ASM_RSEQ_CS_OFFSET "(%[abi])\n\t"				\
	"1:\n\t"								\
	RSEQ_INJECT_ASM(1)							\
	RSEQ_ASM_REGISTERED_CHECK(						\
		"l %%r0, 4(%[abi])\n\t"					\
		"ltr %%r0, %%r0\n\t"						\
		"jgl %l[abort]\n\t")						\
	RSEQ_ASM_CHECK_INDEX(index_offset, "%l[abort]")				\
	RSEQ_INJECT_ASM(2)							\
	RSEQ_ASM_FENCE_CHECK(						\
		"l %%r0, 0(%[fence])\n\t"				\
		"ltr %%r0, %%r0\n\t"					\
		"jgne %l[abort]\n\t")					\
	RSEQ_INJECT_ASM(3)

#define RSEQ_ASM_ABORT_JUMP	"jg %l[abort]\n\t"
#define RSEQ_ASM_END

#define RSEQ_ASM_LOAD(reg, addr)						\
	RSEQ_ASM_LONG("lg", "l") " " reg ", 0(" addr ")\n\t"
#define RSEQ_ASM_STORE(reg, addr)						\
	RSEQ_ASM_LONG("stg", "st") " " reg ", 0(" addr ")\n\t"
/* No store passes an earlier load or store: a plain store is a release.  */
#define RSEQ_ASM_STORE_RELEASE(reg, addr)	RSEQ_ASM_STORE(reg, addr)
#define RSEQ_ASM_ADD(reg, value)						\
	RSEQ_ASM_LONG("agr", "ar") " " reg ", " value "\n\t"

#define RSEQ_ASM_BNE(a, b, label)						\
	RSEQ_ASM_LONG("cgr", "cr") " " a ", " b "\n\t"				\
	"jgne " label "\n\t"
#define RSEQ_ASM_BEQ(a, b, label)						\
	RSEQ_ASM_LONG("cgr", "cr") " " a ", " b "\n\t"				\
	"jge " label "\n\t"

/* A byte loop: r1 indexes, r0 carries.  */
#define RSEQ_ASM_MEMCPY(dst, src, len)						\
	RSEQ_ASM_LONG("lghi", "lhi") " %%r1, 0\n\t"				\
	RSEQ_ASM_LONG("cgr", "cr") " %%r1, " len "\n\t"			\
	"je 6f\n\t"								\
	"5:\n\t"								\
	"ic %%r0, 0(%%r1, " src ")\n\t"						\
	"stc %%r0, 0(%%r1, " dst ")\n\t"					\
	RSEQ_ASM_LONG("aghi", "ahi") " %%r1, 1\n\t"				\
	RSEQ_ASM_LONG("cgr", "cr") " %%r1, " len "\n\t"			\
	"jne 5b\n\t"								\
	"6:\n\t"

#endif /* RSEQ_S390_ASM_BLOCKS */

#include "../loadstore/percpu-template.h"
