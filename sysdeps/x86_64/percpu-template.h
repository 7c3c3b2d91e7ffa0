/* SPDX-License-Identifier: MIT */
/* x86_64 critical sections, instantiated by <rseq/percpu.h> once per memory
   order and per-CPU mode (RSEQ_TEMPLATE_*).  No include guard on purpose.

   Every sequence has the same frame (RSEQ_ASM_OPEN ... RSEQ_ASM_CLOSE):
   its descriptor in __rseq_cs, the descriptor's address stored in the
   area's rseq_cs, the checks that the thread is registered, on the
   expected CPU (or mm_cid) and not fenced by cpu_opv(), the body, a single
   committing instruction at label 2, and the abort handler, preceded by
   RSEQ_SIG, out of line in __rseq_abort.  %rax is the scratch register for
   the descriptor address and the one injected asm may use; bodies use other
   registers for their own values.  TSO: a release commit is an ordinary
   store, so both memory orders share the same code.  */

#ifndef RSEQ_X86_64_ASM_BLOCKS
#define RSEQ_X86_64_ASM_BLOCKS

#define RSEQ_ASM_OPEN(index_offset)						\
	".pushsection __rseq_cs, \"aw\"\n\t"					\
	".balign 32\n\t"							\
	"3:\n\t"								\
	".long 0x0, 0x0\n\t"							\
	".quad 1f, 2f - 1f, 4f\n\t"						\
	".popsection\n\t"							\
	"leaq 3b(%%rip), %%rax\n\t"						\
	"movq %%rax, %%fs:8(%[rseq_offset])\n\t"				\
	"1:\n\t"								\
	RSEQ_INJECT_ASM(1)							\
	"cmpl $0, %%fs:4(%[rseq_offset])\n\t"					\
	"jl 4f\n\t"								\
	"cmpl %[index], %%fs:" __rseq_str(index_offset) "(%[rseq_offset])\n\t"	\
	"jnz 4f\n\t"								\
	RSEQ_INJECT_ASM(2)							\
	RSEQ_ASM_FENCE_CHECK(						\
		"cmpl $0, %[fence]\n\t"					\
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

#define RSEQ_ASM_INPUTS(cpu_, mode_)						\
	[rseq_offset] "r" (rseq_offset),					\
	[index] "r" (cpu_),							\
	[fence] "m" (rseq_opv_fence_table[mode_][cpu_].held)

#define RSEQ_ASM_CLOBBERS	"memory", "cc", "rax"

#ifdef RSEQ_COMPARE_TWICE
# define RSEQ_ASM_TWICE_INDEX(index_offset)					\
	"cmpl %[index], %%fs:" __rseq_str(index_offset) "(%[rseq_offset])\n\t"	\
	"jnz %l[error_index]\n\t"
#else
# define RSEQ_ASM_TWICE_INDEX(index_offset)
#endif

#define RSEQ_ARCH_HAS_LOAD_ADD_LOAD_LOAD_ADD_STORE	1

#endif /* RSEQ_X86_64_ASM_BLOCKS */

#define RSEQ_OPEN	RSEQ_ASM_OPEN(RSEQ_TEMPLATE_INDEX_OFFSET)
#define RSEQ_INPUTS(cpu)	RSEQ_ASM_INPUTS(cpu, RSEQ_TEMPLATE_MODE)
#define RSEQ_TWICE_INDEX	RSEQ_ASM_TWICE_INDEX(RSEQ_TEMPLATE_INDEX_OFFSET)

#ifdef RSEQ_TEMPLATE_MO_RELAXED

static inline __attribute__((always_inline))
int RSEQ_TEMPLATE_NAME(rseq_load_cbne_store__ptr)(intptr_t *v, intptr_t expect,
						  intptr_t newv, int cpu)
{
	RSEQ_TEMPLATE_REQUIRE_INDEX;
	__asm__ __volatile__ goto (
		RSEQ_OPEN
		"cmpq %[v], %[expect]\n\t"
		"jnz %l[cmpfail]\n\t"
		RSEQ_INJECT_ASM(4)
		RSEQ_INJECT_ASM(5)
		RSEQ_INJECT_ASM(6)
		RSEQ_ASM_TWICE(RSEQ_TWICE_INDEX
			       "cmpq %[v], %[expect]\n\t"
			       "jnz %l[error_value]\n\t")
		"movq %[newv], %[v]\n\t"
		RSEQ_ASM_CLOSE
		: /* no outputs: asm goto */
		: RSEQ_INPUTS(cpu),
		  [v] "m" (*v), [expect] "r" (expect), [newv] "r" (newv)
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
	__asm__ __volatile__ goto (
		RSEQ_OPEN
		"movq %[v], %%rbx\n\t"
		"cmpq %%rbx, %[expectnot]\n\t"
		"je %l[cmpfail]\n\t"
		RSEQ_INJECT_ASM(4)
		"movq %%rbx, %[load]\n\t"
		"addq %[voffp], %%rbx\n\t"
		"movq (%%rbx), %%rbx\n\t"
		RSEQ_INJECT_ASM(5)
		RSEQ_INJECT_ASM(6)
		RSEQ_ASM_TWICE(RSEQ_TWICE_INDEX
			       "cmpq %[v], %[expectnot]\n\t"
			       "je %l[error_value]\n\t")
		"movq %%rbx, %[v]\n\t"
		RSEQ_ASM_CLOSE
		: /* no outputs: asm goto */
		: RSEQ_INPUTS(cpu),
		  [v] "m" (*v), [expectnot] "r" (expectnot), [voffp] "er" (voffp),
		  [load] "m" (*load)
		  RSEQ_INJECT_INPUT
		: RSEQ_ASM_CLOBBERS, "rbx" RSEQ_INJECT_CLOBBER
		: abort, cmpfail RSEQ_ASM_TWICE_LABELS);
	RSEQ_TEMPLATE_EXITS("rseq_load_cbeq_store_add_load_store__ptr")
}

static inline __attribute__((always_inline))
int RSEQ_TEMPLATE_NAME(rseq_load_add_store__ptr)(intptr_t *v, intptr_t count, int cpu)
{
	RSEQ_TEMPLATE_REQUIRE_INDEX;
	__asm__ __volatile__ goto (
		RSEQ_OPEN
		RSEQ_INJECT_ASM(4)
		RSEQ_INJECT_ASM(5)
		RSEQ_INJECT_ASM(6)
		RSEQ_ASM_TWICE(RSEQ_TWICE_INDEX)
		"addq %[count], %[v]\n\t"
		RSEQ_ASM_CLOSE
		: /* no outputs: asm goto */
		: RSEQ_INPUTS(cpu),
		  [v] "m" (*v), [count] "er" (count)
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
	__asm__ __volatile__ goto (
		RSEQ_OPEN
		"movq %[ptr], %%rbx\n\t"
		"addq %[off], %%rbx\n\t"
		RSEQ_INJECT_ASM(4)
		RSEQ_INJECT_ASM(5)
		RSEQ_INJECT_ASM(6)
		RSEQ_ASM_TWICE(RSEQ_TWICE_INDEX)
		"addq %[inc], (%%rbx)\n\t"
		RSEQ_ASM_CLOSE
		: /* no outputs: asm goto */
		: RSEQ_INPUTS(cpu),
		  [ptr] "m" (*ptr), [off] "er" (off), [inc] "er" (inc)
		  RSEQ_INJECT_INPUT
		: RSEQ_ASM_CLOBBERS, "rbx" RSEQ_INJECT_CLOBBER
		: abort, cmpfail RSEQ_ASM_TWICE_LABELS);
	RSEQ_TEMPLATE_EXITS("rseq_load_add_load_load_add_store__ptr")
}

static inline __attribute__((always_inline))
int RSEQ_TEMPLATE_NAME(rseq_load_cbne_load_cbne_store__ptr)(intptr_t *v, intptr_t expect,
							    intptr_t *v2, intptr_t expect2,
							    intptr_t newv, int cpu)
{
	RSEQ_TEMPLATE_REQUIRE_INDEX;
	__asm__ __volatile__ goto (
		RSEQ_OPEN
		"cmpq %[v], %[expect]\n\t"
		"jnz %l[cmpfail]\n\t"
		RSEQ_INJECT_ASM(4)
		"cmpq %[v2], %[expect2]\n\t"
		"jnz %l[cmpfail]\n\t"
		RSEQ_INJECT_ASM(5)
		RSEQ_INJECT_ASM(6)
		RSEQ_ASM_TWICE(RSEQ_TWICE_INDEX
			       "cmpq %[v], %[expect]\n\t"
			       "jnz %l[error_value]\n\t"
			       "cmpq %[v2], %[expect2]\n\t"
			       "jnz %l[error_value]\n\t")
		"movq %[newv], %[v]\n\t"
		RSEQ_ASM_CLOSE
		: /* no outputs: asm goto */
		: RSEQ_INPUTS(cpu),
		  [v] "m" (*v), [expect] "r" (expect),
		  [v2] "m" (*v2), [expect2] "r" (expect2), [newv] "r" (newv)
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
	__asm__ __volatile__ goto (
		RSEQ_OPEN
		"cmpq %[v], %[expect]\n\t"
		"jnz %l[cmpfail]\n\t"
		RSEQ_INJECT_ASM(4)
		"movq %[newv2], %[v2]\n\t"
		RSEQ_INJECT_ASM(5)
		RSEQ_INJECT_ASM(6)
		RSEQ_ASM_TWICE(RSEQ_TWICE_INDEX
			       "cmpq %[v], %[expect]\n\t"
			       "jnz %l[error_value]\n\t")
		"movq %[newv], %[v]\n\t"
		RSEQ_ASM_CLOSE
		: /* no outputs: asm goto */
		: RSEQ_INPUTS(cpu),
		  [v] "m" (*v), [expect] "r" (expect),
		  [v2] "m" (*v2), [newv2] "r" (newv2), [newv] "r" (newv)
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
	__asm__ __volatile__ goto (
		RSEQ_OPEN
		"cmpq %[v], %[expect]\n\t"
		"jnz %l[cmpfail]\n\t"
		RSEQ_INJECT_ASM(4)
		/* The direction flag is clear by ABI: rep movsb copies up.  */
		"movq %[src], %%rsi\n\t"
		"movq %[dst], %%rdi\n\t"
		"movq %[len], %%rcx\n\t"
		"rep movsb\n\t"
		RSEQ_INJECT_ASM(5)
		RSEQ_INJECT_ASM(6)
		RSEQ_ASM_TWICE(RSEQ_TWICE_INDEX
			       "cmpq %[v], %[expect]\n\t"
			       "jnz %l[error_value]\n\t")
		"movq %[newv], %[v]\n\t"
		RSEQ_ASM_CLOSE
		: /* no outputs: asm goto */
		: RSEQ_INPUTS(cpu),
		  [v] "m" (*v), [expect] "r" (expect),
		  [dst] "r" (dst), [src] "r" (src), [len] "r" (len), [newv] "r" (newv)
		  RSEQ_INJECT_INPUT
		: RSEQ_ASM_CLOBBERS, "rsi", "rdi", "rcx" RSEQ_INJECT_CLOBBER
		: abort, cmpfail RSEQ_ASM_TWICE_LABELS);
	RSEQ_TEMPLATE_EXITS("rseq_load_cbne_memcpy_store__ptr")
}

#undef RSEQ_OPEN
#undef RSEQ_INPUTS
#undef RSEQ_TWICE_INDEX
