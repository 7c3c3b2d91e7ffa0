/* SPDX-License-Identifier: MIT */
/* i386 critical sections, instantiated by <rseq/percpu.h> once per memory
   order and per-CPU mode (RSEQ_TEMPLATE_*).  No include guard on purpose.

   Same frame as x86_64 (RSEQ_ASM_OPEN ... RSEQ_ASM_CLOSE), with two
   differences that i386 forces:
   - no PC-relative addressing: the descriptor's address is computed from
     RSEQ_ASM_REF_LABEL, a label whose run-time address a get-PC thunk
     returns (the idiom compilers use for PIC); the assembler turns
     "3b - RSEQ_ASM_REF_LABEL b" into a PC-relative fix-up, so there is no
     text relocation.  The thunk is emitted once per assembly file and
     merged across objects (comdat).  A C label's address cannot serve:
     the compiler may redirect an asm goto edge to another block;
     Injected asm can reach its own data the same way: [ref_ip] is a
     memory operand that holds the run-time address of RSEQ_ASM_REF_LABEL
     from that label on, so "movl %[ref_ip], %%eax" then
     "(symbol - 881b)(%%eax)" addresses any symbol;
   - few registers: operands are memory ("m") or anything ("g") and flow
     through %eax and %ecx, so that even -O0 code with a frame pointer and
     a PIC register has enough left.  Injected asm may use %eax, so %eax
     never carries a value across an injection point.  */

#ifndef RSEQ_I386_ASM_BLOCKS
#define RSEQ_I386_ASM_BLOCKS

#define RSEQ_ASM_REF_LABEL	881

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

#define RSEQ_ASM_OPEN(index_offset)						\
	RSEQ_ASM_GET_PC_THUNK							\
	".pushsection __rseq_cs, \"aw\"\n\t"					\
	".balign 32\n\t"							\
	"3:\n\t"								\
	".long 0x0, 0x0, 1f, 0x0, 2f - 1f, 0x0, 4f, 0x0\n\t"			\
	".popsection\n\t"							\
	"call __rseq_i386_get_pc_ecx\n\t"					\
	__rseq_str(RSEQ_ASM_REF_LABEL) ":\n\t"					\
	"movl %%ecx, %[ref_ip]\n\t"						\
	"leal (3b - " __rseq_str(RSEQ_ASM_REF_LABEL) "b)(%%ecx), %%ecx\n\t"	\
	"movl %[rseq_offset], %%eax\n\t"					\
	"movl %%ecx, %%gs:8(%%eax)\n\t"						\
	"1:\n\t"								\
	RSEQ_INJECT_ASM(1)							\
	"movl %[rseq_offset], %%eax\n\t"					\
	"cmpl $0, %%gs:4(%%eax)\n\t"						\
	"jl 4f\n\t"								\
	"movl %[index], %%ecx\n\t"						\
	"cmpl %%ecx, %%gs:" __rseq_str(index_offset) "(%%eax)\n\t"		\
	"jnz 4f\n\t"								\
	RSEQ_INJECT_ASM(2)							\
	RSEQ_ASM_FENCE_CHECK(						\
		"movl %[fence], %%eax\n\t"				\
		"cmpl $0, (%%eax)\n\t"					\
		"jnz 4f\n\t")						\
	RSEQ_INJECT_ASM(3)

#define RSEQ_ASM_CLOSE								\
	"2:\n\t"								\
	".pushsection __rseq_abort, \"ax\"\n\t"					\
	".byte 0x0f, 0xb9, 0x3d\n\t"						\
	".long " __rseq_str(RSEQ_SIG) "\n\t"					\
	"4:\n\t"								\
	"jmp %l[abort]\n\t"							\
	".popsection\n\t"

/* fence_ is a local holding the fence word's address: computing it here
   keeps a register free inside the asm.  ref_ip_ is the local the asm
   fills for injected asm (written through an input operand: nothing in C
   reads it, and the asm clobbers memory).  */
#define RSEQ_ASM_INPUTS(cpu_, fence_, ref_ip_)					\
	[rseq_offset] "m" (rseq_offset),					\
	[index] "g" (cpu_),							\
	[fence] "m" (fence_),							\
	[ref_ip] "m" (ref_ip_)

#define RSEQ_ASM_CLOBBERS	"memory", "cc", "eax", "ecx"

/* *%[ptr] compared with %[expect]; %eax only.  */
#define RSEQ_ASM_CBNE(ptr, expect, label)					\
	"movl %[" #ptr "], %%eax\n\t"						\
	"movl (%%eax), %%eax\n\t"						\
	"cmpl %[" #expect "], %%eax\n\t"					\
	"jnz " label "\n\t"

/* The commit: *%[ptr] = %[value], the store being the last instruction.  */
#define RSEQ_ASM_COMMIT(ptr, value)						\
	"movl %[" #ptr "], %%eax\n\t"						\
	"movl %[" #value "], %%ecx\n\t"						\
	"movl %%ecx, (%%eax)\n\t"

#ifdef RSEQ_COMPARE_TWICE
# define RSEQ_ASM_TWICE_INDEX(index_offset)					\
	"movl %[rseq_offset], %%eax\n\t"					\
	"movl %%gs:" __rseq_str(index_offset) "(%%eax), %%eax\n\t"		\
	"cmpl %[index], %%eax\n\t"						\
	"jnz %l[error_index]\n\t"
#else
# define RSEQ_ASM_TWICE_INDEX(index_offset)
#endif

#define RSEQ_ARCH_HAS_LOAD_ADD_LOAD_LOAD_ADD_STORE	1

#endif /* RSEQ_I386_ASM_BLOCKS */

#define RSEQ_OPEN		RSEQ_ASM_OPEN(RSEQ_TEMPLATE_INDEX_OFFSET)
#define RSEQ_INPUTS(cpu)	RSEQ_ASM_INPUTS(cpu, fence, ref_ip)
#define RSEQ_TWICE_INDEX	RSEQ_ASM_TWICE_INDEX(RSEQ_TEMPLATE_INDEX_OFFSET)
#define RSEQ_FENCE(cpu)								\
	const volatile uint32_t *fence =					\
		&rseq_opv_fence_table[RSEQ_TEMPLATE_MODE][cpu].held;		\
	uintptr_t ref_ip = 0

#ifdef RSEQ_TEMPLATE_MO_RELAXED

static inline __attribute__((always_inline))
int RSEQ_TEMPLATE_NAME(rseq_load_cbne_store__ptr)(intptr_t *v, intptr_t expect,
						  intptr_t newv, int cpu)
{
	RSEQ_TEMPLATE_REQUIRE_INDEX;
	RSEQ_FENCE(cpu);

	__asm__ __volatile__ goto (
		RSEQ_OPEN
		RSEQ_ASM_CBNE(v, expect, "%l[cmpfail]")
		RSEQ_INJECT_ASM(4)
		RSEQ_INJECT_ASM(5)
		RSEQ_INJECT_ASM(6)
		RSEQ_ASM_TWICE(RSEQ_TWICE_INDEX
			       RSEQ_ASM_CBNE(v, expect, "%l[error_value]"))
		RSEQ_ASM_COMMIT(v, newv)
		RSEQ_ASM_CLOSE
		: /* no outputs: asm goto */
		: RSEQ_INPUTS(cpu),
		  [v] "m" (v), [expect] "g" (expect), [newv] "g" (newv)
		  RSEQ_INJECT_INPUT
		: RSEQ_ASM_CLOBBERS RSEQ_INJECT_CLOBBER
		: abort, cmpfail RSEQ_ASM_TWICE_LABELS);
	RSEQ_TEMPLATE_EXITS("rseq_load_cbne_store__ptr")
}

static inline __attribute__((always_inline))
int RSEQ_TEMPLATE_NAME(rseq_load_cbeq_store_add_load_store__ptr)(intptr_t *v, intptr_t expectnot,
								 long voffp, intptr_t *load,
								 int cpu)
{
	RSEQ_TEMPLATE_REQUIRE_INDEX;
	RSEQ_FENCE(cpu);

	__asm__ __volatile__ goto (
		RSEQ_OPEN
		"movl %[v], %%eax\n\t"
		"movl (%%eax), %%ecx\n\t"
		"cmpl %[expectnot], %%ecx\n\t"
		"je %l[cmpfail]\n\t"
		RSEQ_INJECT_ASM(4)
		"movl %[load], %%eax\n\t"
		"movl %%ecx, (%%eax)\n\t"
		"addl %[voffp], %%ecx\n\t"
		"movl (%%ecx), %%ecx\n\t"
		RSEQ_INJECT_ASM(5)
		RSEQ_INJECT_ASM(6)
		RSEQ_ASM_TWICE(RSEQ_TWICE_INDEX
			       "movl %[v], %%eax\n\t"
			       "movl (%%eax), %%eax\n\t"
			       "cmpl %[expectnot], %%eax\n\t"
			       "je %l[error_value]\n\t")
		"movl %[v], %%eax\n\t"
		"movl %%ecx, (%%eax)\n\t"
		RSEQ_ASM_CLOSE
		: /* no outputs: asm goto */
		: RSEQ_INPUTS(cpu),
		  [v] "m" (v), [expectnot] "g" (expectnot), [voffp] "g" (voffp),
		  [load] "m" (load)
		  RSEQ_INJECT_INPUT
		: RSEQ_ASM_CLOBBERS RSEQ_INJECT_CLOBBER
		: abort, cmpfail RSEQ_ASM_TWICE_LABELS);
	RSEQ_TEMPLATE_EXITS("rseq_load_cbeq_store_add_load_store__ptr")
}

static inline __attribute__((always_inline))
int RSEQ_TEMPLATE_NAME(rseq_load_add_store__ptr)(intptr_t *v, intptr_t count, int cpu)
{
	RSEQ_TEMPLATE_REQUIRE_INDEX;
	RSEQ_FENCE(cpu);

	__asm__ __volatile__ goto (
		RSEQ_OPEN
		RSEQ_INJECT_ASM(4)
		RSEQ_INJECT_ASM(5)
		RSEQ_INJECT_ASM(6)
		RSEQ_ASM_TWICE(RSEQ_TWICE_INDEX)
		"movl %[v], %%eax\n\t"
		"movl %[count], %%ecx\n\t"
		"addl %%ecx, (%%eax)\n\t"
		RSEQ_ASM_CLOSE
		: /* no outputs: asm goto */
		: RSEQ_INPUTS(cpu),
		  [v] "m" (v), [count] "g" (count)
		  RSEQ_INJECT_INPUT
		: RSEQ_ASM_CLOBBERS RSEQ_INJECT_CLOBBER
		: abort, cmpfail RSEQ_ASM_TWICE_LABELS);
	RSEQ_TEMPLATE_EXITS("rseq_load_add_store__ptr")
}

static inline __attribute__((always_inline))
int RSEQ_TEMPLATE_NAME(rseq_load_add_load_load_add_store__ptr)(intptr_t *ptr, long off,
							       intptr_t inc, int cpu)
{
	RSEQ_TEMPLATE_REQUIRE_INDEX;
	RSEQ_FENCE(cpu);

	__asm__ __volatile__ goto (
		RSEQ_OPEN
		"movl %[ptr], %%ecx\n\t"
		"movl (%%ecx), %%ecx\n\t"
		"addl %[off], %%ecx\n\t"
		RSEQ_INJECT_ASM(4)
		RSEQ_INJECT_ASM(5)
		RSEQ_INJECT_ASM(6)
		RSEQ_ASM_TWICE(RSEQ_TWICE_INDEX)
		"movl %[inc], %%eax\n\t"
		"addl %%eax, (%%ecx)\n\t"
		RSEQ_ASM_CLOSE
		: /* no outputs: asm goto */
		: RSEQ_INPUTS(cpu),
		  [ptr] "m" (ptr), [off] "g" (off), [inc] "g" (inc)
		  RSEQ_INJECT_INPUT
		: RSEQ_ASM_CLOBBERS RSEQ_INJECT_CLOBBER
		: abort, cmpfail RSEQ_ASM_TWICE_LABELS);
	RSEQ_TEMPLATE_EXITS("rseq_load_add_load_load_add_store__ptr")
}

static inline __attribute__((always_inline))
int RSEQ_TEMPLATE_NAME(rseq_load_cbne_load_cbne_store__ptr)(intptr_t *v, intptr_t expect,
							    intptr_t *v2, intptr_t expect2,
							    intptr_t newv, int cpu)
{
	RSEQ_TEMPLATE_REQUIRE_INDEX;
	RSEQ_FENCE(cpu);

	__asm__ __volatile__ goto (
		RSEQ_OPEN
		RSEQ_ASM_CBNE(v, expect, "%l[cmpfail]")
		RSEQ_INJECT_ASM(4)
		RSEQ_ASM_CBNE(v2, expect2, "%l[cmpfail]")
		RSEQ_INJECT_ASM(5)
		RSEQ_INJECT_ASM(6)
		RSEQ_ASM_TWICE(RSEQ_TWICE_INDEX
			       RSEQ_ASM_CBNE(v, expect, "%l[error_value]")
			       RSEQ_ASM_CBNE(v2, expect2, "%l[error_value]"))
		RSEQ_ASM_COMMIT(v, newv)
		RSEQ_ASM_CLOSE
		: /* no outputs: asm goto */
		: RSEQ_INPUTS(cpu),
		  [v] "m" (v), [expect] "g" (expect),
		  [v2] "m" (v2), [expect2] "g" (expect2), [newv] "g" (newv)
		  RSEQ_INJECT_INPUT
		: RSEQ_ASM_CLOBBERS RSEQ_INJECT_CLOBBER
		: abort, cmpfail RSEQ_ASM_TWICE_LABELS);
	RSEQ_TEMPLATE_EXITS("rseq_load_cbne_load_cbne_store__ptr")
}

#endif /* RSEQ_TEMPLATE_MO_RELAXED */

/* The two operations that have a release form: identical code on x86.  */

static inline __attribute__((always_inline))
int RSEQ_TEMPLATE_NAME(rseq_load_cbne_store_store__ptr)(intptr_t *v, intptr_t expect,
							intptr_t *v2, intptr_t newv2,
							intptr_t newv, int cpu)
{
	RSEQ_TEMPLATE_REQUIRE_INDEX;
	RSEQ_FENCE(cpu);

	__asm__ __volatile__ goto (
		RSEQ_OPEN
		RSEQ_ASM_CBNE(v, expect, "%l[cmpfail]")
		RSEQ_INJECT_ASM(4)
		RSEQ_ASM_COMMIT(v2, newv2)	/* speculative: not the commit */
		RSEQ_INJECT_ASM(5)
		RSEQ_INJECT_ASM(6)
		RSEQ_ASM_TWICE(RSEQ_TWICE_INDEX
			       RSEQ_ASM_CBNE(v, expect, "%l[error_value]"))
		RSEQ_ASM_COMMIT(v, newv)
		RSEQ_ASM_CLOSE
		: /* no outputs: asm goto */
		: RSEQ_INPUTS(cpu),
		  [v] "m" (v), [expect] "g" (expect),
		  [v2] "m" (v2), [newv2] "g" (newv2), [newv] "g" (newv)
		  RSEQ_INJECT_INPUT
		: RSEQ_ASM_CLOBBERS RSEQ_INJECT_CLOBBER
		: abort, cmpfail RSEQ_ASM_TWICE_LABELS);
	RSEQ_TEMPLATE_EXITS("rseq_load_cbne_store_store__ptr")
}

static inline __attribute__((always_inline))
int RSEQ_TEMPLATE_NAME(rseq_load_cbne_memcpy_store__ptr)(intptr_t *v, intptr_t expect,
							 void *dst, void *src, size_t len,
							 intptr_t newv, int cpu)
{
	RSEQ_TEMPLATE_REQUIRE_INDEX;
	RSEQ_FENCE(cpu);

	__asm__ __volatile__ goto (
		RSEQ_OPEN
		RSEQ_ASM_CBNE(v, expect, "%l[cmpfail]")
		RSEQ_INJECT_ASM(4)
		/* The direction flag is clear by ABI: rep movsb copies up.  */
		"movl %[src], %%esi\n\t"
		"movl %[dst], %%edi\n\t"
		"movl %[len], %%ecx\n\t"
		"rep movsb\n\t"
		RSEQ_INJECT_ASM(5)
		RSEQ_INJECT_ASM(6)
		RSEQ_ASM_TWICE(RSEQ_TWICE_INDEX
			       RSEQ_ASM_CBNE(v, expect, "%l[error_value]"))
		RSEQ_ASM_COMMIT(v, newv)
		RSEQ_ASM_CLOSE
		: /* no outputs: asm goto */
		: RSEQ_INPUTS(cpu),
		  [v] "m" (v), [expect] "g" (expect),
		  [dst] "m" (dst), [src] "m" (src), [len] "m" (len), [newv] "g" (newv)
		  RSEQ_INJECT_INPUT
		: RSEQ_ASM_CLOBBERS, "esi", "edi" RSEQ_INJECT_CLOBBER
		: abort, cmpfail RSEQ_ASM_TWICE_LABELS);
	RSEQ_TEMPLATE_EXITS("rseq_load_cbne_memcpy_store__ptr")
}

#undef RSEQ_OPEN
#undef RSEQ_INPUTS
#undef RSEQ_TWICE_INDEX
#undef RSEQ_FENCE
