/* SPDX-License-Identifier: MIT */
/* The floor: the least code a per-CPU sequence can be, written by hand for
   this benchmark only, so that the library's operations are measured
   against it in the same run.  What rseq itself requires and nothing else:
   the descriptor, the store of its address in the area's rseq_cs, one
   compare of the index (cpu_id or mm_cid) and the commit.  No registered
   check, no cpu_opv() fence, no injection points; on x86 a read-modify-
   write commits in one instruction.  Each function returns 0 (done), 1
   (comparison failed) or -1 (aborted), like the operations.

   FLOOR_INDEX_OFFSET picks the index field (4 cpu_id, 24 mm_cid): include
   this file once per value, with FLOOR_SUFFIX naming the functions.  */
#include <stdint.h>
#include <rseq/rseq.h>

#if defined(__x86_64__) || defined(__i386__)
# define BENCH_HAVE_FLOOR 1
#else
# define BENCH_HAVE_FLOOR 0
#endif

#if BENCH_HAVE_FLOOR

#define FLOOR_CAT_(a, b)	a##b
#define FLOOR_CAT(a, b)		FLOOR_CAT_(a, b)
#define FLOOR_NAME(op)		FLOOR_CAT(op, FLOOR_SUFFIX)

#ifndef FLOOR_BLOCKS
#define FLOOR_BLOCKS

/* The descriptor (32-byte aligned, 64-bit fields) and the abort handler,
   preceded by the signature the kernel checks.  */
# ifdef __x86_64__
#  define FLOOR_DESCRIPTOR							\
	".pushsection __rseq_cs, \"aw\"\n\t"					\
	".balign 32\n\t"							\
	"3:\n\t"								\
	".long 0, 0\n\t"							\
	".quad 1f, 2f - 1f, 4f\n\t"						\
	".popsection\n\t"
#  define FLOOR_TP	""
# else
#  define FLOOR_DESCRIPTOR							\
	".pushsection __rseq_cs, \"aw\"\n\t"					\
	".balign 32\n\t"							\
	"3:\n\t"								\
	".long 0, 0\n\t"							\
	".long 1f, 0, 2f - 1f, 0, 4f, 0\n\t"					\
	".popsection\n\t"
#  define FLOOR_TP	"%%gs:"
# endif

# define FLOOR_CLOSE								\
	"2:\n\t"								\
	".pushsection __rseq_abort, \"ax\"\n\t"					\
	".byte 0x0f, 0xb9, 0x3d\n\t"						\
	".long " __rseq_str(RSEQ_SIG) "\n\t"					\
	"4:\n\t"								\
	"jmp %l[abort]\n\t"							\
	".popsection\n\t"

/* Stores the descriptor's address in rseq_cs (through %rax / %ecx: i386
   has no PC-relative addressing, so a call to a get-PC thunk gives it, as
   compilers do for PIC code).  */
# ifdef __x86_64__
#  define FLOOR_ARM								\
	"leaq 3b(%%rip), %%rax\n\t"						\
	"movq %%rax, 8(%[abi])\n\t"
#  define FLOOR_CLOBBERS	"memory", "cc", "rax"
#  define FLOOR_ADD		"addq %[count], (%[v])\n\t"
#  define FLOOR_CAS								\
	"cmpq %[expect], (%[v])\n\t"						\
	"jnz %l[cmpfail]\n\t"							\
	"movq %[newv], (%[v])\n\t"
#  define FLOOR_POP								\
	"movq (%[v]), %%rax\n\t"						\
	"testq %%rax, %%rax\n\t"						\
	"jz %l[cmpfail]\n\t"							\
	"movq %%rax, (%[load])\n\t"						\
	"movq (%%rax), %%rax\n\t"						\
	"movq %%rax, (%[v])\n\t"
# else
#  define FLOOR_ARM								\
	".ifndef bench_floor_get_pc_ecx\n\t"					\
	".pushsection .text.bench_floor_get_pc_ecx, \"axG\", @progbits, "	\
		"bench_floor_get_pc_ecx, comdat\n\t"				\
	".globl bench_floor_get_pc_ecx\n\t"					\
	".hidden bench_floor_get_pc_ecx\n\t"					\
	"bench_floor_get_pc_ecx:\n\t"						\
	"movl (%%esp), %%ecx\n\t"						\
	"ret\n\t"								\
	".popsection\n\t"							\
	".endif\n\t"								\
	"call bench_floor_get_pc_ecx\n\t"					\
	"881:\n\t"								\
	"leal (3b - 881b)(%%ecx), %%ecx\n\t"					\
	"movl %%ecx, %%gs:8(%[abi])\n\t"
#  define FLOOR_CLOBBERS	"memory", "cc", "ecx"
#  define FLOOR_ADD		"addl %[count], (%[v])\n\t"
#  define FLOOR_CAS								\
	"cmpl %[expect], (%[v])\n\t"						\
	"jnz %l[cmpfail]\n\t"							\
	"movl %[newv], (%[v])\n\t"
#  define FLOOR_POP								\
	"movl (%[v]), %%ecx\n\t"						\
	"testl %%ecx, %%ecx\n\t"						\
	"jz %l[cmpfail]\n\t"							\
	"movl %%ecx, (%[load])\n\t"						\
	"movl (%%ecx), %%ecx\n\t"						\
	"movl %%ecx, (%[v])\n\t"
# endif

# define FLOOR_OPEN(index_offset)						\
	FLOOR_DESCRIPTOR							\
	FLOOR_ARM								\
	"1:\n\t"								\
	"cmpl %[cpu], " FLOOR_TP __rseq_str(index_offset) "(%[abi])\n\t"	\
	"jnz 4f\n\t"

/* The area: x86_64 through its address, which the loop that read the
   index from it holds anyway; i386 through %gs and rseq_offset, one
   register fewer for the address (i386 has few).  */
# ifdef __x86_64__
#  define FLOOR_AREA	rseq_get_abi()
# else
#  define FLOOR_AREA	rseq_offset
# endif

/* The C side of a sequence with a comparison.  */
# define FLOOR_EXITS								\
	return 0;								\
abort:										\
	return -1;								\
cmpfail:									\
	return 1;

/* Immediates where the instruction takes them (imm32 on x86_64).  */
# ifdef __x86_64__
#  define FLOOR_VAL	"er"
# else
#  define FLOOR_VAL	"ir"
# endif

#endif /* FLOOR_BLOCKS */

/* *v += count  */
static inline __attribute__((always_inline))
int FLOOR_NAME(floor_add)(intptr_t *v, intptr_t count, int cpu)
{
	__asm__ __volatile__ goto (
		FLOOR_OPEN(FLOOR_INDEX_OFFSET)
		FLOOR_ADD
		FLOOR_CLOSE
		: : [abi] "r" (FLOOR_AREA), [cpu] "r" (cpu), [v] "r" (v),
		    [count] FLOOR_VAL (count)
		: FLOOR_CLOBBERS
		: abort);
	return 0;
abort:
	return -1;
}

/* if (*v != expect) return 1; *v = newv  */
static inline __attribute__((always_inline))
int FLOOR_NAME(floor_cas)(intptr_t *v, intptr_t expect, intptr_t newv, int cpu)
{
	__asm__ __volatile__ goto (
		FLOOR_OPEN(FLOOR_INDEX_OFFSET)
		FLOOR_CAS
		FLOOR_CLOSE
		: : [abi] "r" (FLOOR_AREA), [cpu] "r" (cpu), [v] "r" (v),
		    [expect] FLOOR_VAL (expect), [newv] FLOOR_VAL (newv)
		: FLOOR_CLOBBERS
		: abort, cmpfail);
	FLOOR_EXITS
}

/* The pop of a list whose next pointer is a node's first word:
   if (!(x = *v)) return 1; *load = x; *v = *x  */
static inline __attribute__((always_inline))
int FLOOR_NAME(floor_pop)(intptr_t *v, intptr_t *load, int cpu)
{
	__asm__ __volatile__ goto (
		FLOOR_OPEN(FLOOR_INDEX_OFFSET)
		FLOOR_POP
		FLOOR_CLOSE
		: : [abi] "r" (FLOOR_AREA), [cpu] "r" (cpu), [v] "r" (v),
		    [load] "r" (load)
		: FLOOR_CLOBBERS
		: abort, cmpfail);
	FLOOR_EXITS
}

#endif /* BENCH_HAVE_FLOOR */
