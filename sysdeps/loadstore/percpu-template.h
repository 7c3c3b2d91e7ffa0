/* SPDX-License-Identifier: MIT */
/* The seven operations, written once for every architecture over the
   load/store primitives that sysdeps/<arch>/percpu-template.h defines
   before including this file.  Instantiated by <rseq/percpu.h> once per
   memory order and per-CPU mode; no include guard on purpose.

   Frame: RSEQ_ASM_OPEN emits the descriptor in __rseq_cs, stores its
   address in the area's rseq_cs, defines the start label 1, checks that
   the thread is registered (in mm_cid mode only, through
   RSEQ_ASM_REGISTERED_CHECK: <rseq/percpu.h> says why), on the expected
   CPU (or mm_cid) and not fenced
   by cpu_opv(), with injection points 1..3; the body follows (points
   4..6), then the single committing store, label 2, and RSEQ_ASM_CLOSE's
   out-of-line abort handler, whose entry 4 is preceded by the signature.
   The checks branch either to 4 (x86) or to the C label `abort' directly:
   conditional branches reach only ±4 KiB to ±1 MiB on some architectures
   and __rseq_abort may end up further away; only the kernel needs the
   signed entry.

   What the architecture defines (asm text unless said otherwise):
   - RSEQ_ASM_OPEN(index_offset): the frame up to injection point 3, from
     the inputs [abi] (the registered area), [index] (the expected cpu_id
     or mm_cid, an intptr_t) and [fence] (the fence word's address), or
     from its own RSEQ_ASM_INPUTS;
   - RSEQ_ASM_CHECK_INDEX(index_offset, label): branch to label unless
     the area's index field equals [index]; it must leave RSEQ_ASM_TMP2
     alone (RSEQ_COMPARE_TWICE runs it while TMP2 carries a value);
   - RSEQ_ASM_ABORT_JUMP: from the abort entry to %l[abort];
     RSEQ_ASM_END: closes what RSEQ_ASM_OPEN opened (assembler modes);
   - RSEQ_ASM_TMP, RSEQ_ASM_TMP2: scratch registers.  Injected asm may use
     RSEQ_ASM_TMP, so it never carries a value across an injection point;
     RSEQ_ASM_TMP2 does;
   - RSEQ_ASM_LOAD(reg, addr), RSEQ_ASM_STORE(reg, addr): word-sized, addr
     a register or an address operand, reg a register or a value operand;
     RSEQ_ASM_STORE_RELEASE: the same store, made a store-release, still a
     single instruction at the commit point (a barrier may precede it: it
     is inside the sequence);
   - RSEQ_ASM_ADD(reg, value): reg += value;
   - RSEQ_ASM_BNE(a, b, label), RSEQ_ASM_BEQ(a, b, label): compare a
     register with a value operand;
   - RSEQ_ASM_MEMCPY(dst, src, len): copy len bytes, scratch registers
     only (it may use more than TMP and TMP2, declared in the clobbers);
   - RSEQ_ASM_PTR: the constraint for address inputs (some architectures
     read register 0 as the value 0 in an address);
   - RSEQ_ASM_CLOBBERS: the scratch registers, "memory" and the flags.
   And optionally, where the defaults do not fit:
   - RSEQ_ASM_VAL: the constraint for value inputs (default "r");
   - RSEQ_ASM_INPUTS(cpu, mode): the frame's inputs, instead of [abi],
     [index] and [fence]; RSEQ_ASM_LOCALS(cpu, mode): declarations they
     need, made before the asm (default none);
   - RSEQ_ASM_SIGNATURE: what precedes the abort entry (default RSEQ_SIG as
     an aligned data word);
   - RSEQ_ASM_CBNE(ptr, expect, label): branch unless *ptr == expect
     (default: RSEQ_ASM_LOAD into RSEQ_ASM_TMP, then RSEQ_ASM_BNE);
   - RSEQ_ASM_LOAD_ADD_COMMIT(addr, value): *addr += value, its last
     instruction the commit (default: load, add, store through
     RSEQ_ASM_TMP); the fast form on ISAs that add to memory.
   RSEQ_ASM_LONG(insn64, insn32) picks the word-sized form of an
   instruction for them.  */

#ifndef RSEQ_LOADSTORE_ASM_BLOCKS
#define RSEQ_LOADSTORE_ASM_BLOCKS

/* The descriptor's fields are 64-bit on every architecture; a 32-bit
   address fills the half the kernel reads as the low one.  So does the
   address stored in the area's rseq_cs, whose other half stays 0.  */
/* Words follow the pointers: MIPS n32 has 64-bit registers but a 32-bit
   intptr_t, which it keeps sign-extended.  */
#if __SIZEOF_POINTER__ == 8
# define RSEQ_ASM_LONG(insn64, insn32)	insn64
#else
# define RSEQ_ASM_LONG(insn64, insn32)	insn32
#endif

#if __SIZEOF_POINTER__ == 8
# define RSEQ_ASM_U64(x)	".8byte " x "\n\t"
# define RSEQ_ASM_RSEQ_CS_OFFSET	"8"
#elif __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
# define RSEQ_ASM_U64(x)	".4byte 0x0, " x "\n\t"
# define RSEQ_ASM_RSEQ_CS_OFFSET	"12"
#else
# define RSEQ_ASM_U64(x)	".4byte " x ", 0x0\n\t"
# define RSEQ_ASM_RSEQ_CS_OFFSET	"8"
#endif

/* Labels: 1 start, 2 post-commit, 3 descriptor, 4 abort entry; 5 and 6
   belong to RSEQ_ASM_MEMCPY, 7 and 8 to the architecture.  */
#define RSEQ_ASM_DESCRIPTOR							\
	".pushsection __rseq_cs, \"aw\"\n\t"					\
	".balign 32\n\t"							\
	"3:\n\t"								\
	".4byte 0x0, 0x0\n\t"							\
	RSEQ_ASM_U64("1f")							\
	RSEQ_ASM_U64("2f - 1f")							\
	RSEQ_ASM_U64("4f")							\
	".popsection\n\t"

/* The kernel compares the 32-bit word at abort_ip - 4 with the registered
   signature: a data read, hence a data word in the CPU's byte order.  The
   alignment keeps that word aligned after variable-length code.  */
#ifndef RSEQ_ASM_SIGNATURE
# define RSEQ_ASM_SIGNATURE							\
	".balign 4\n\t"								\
	".4byte " __rseq_str(RSEQ_SIG) "\n\t"
#endif

#ifndef RSEQ_ASM_VAL
# define RSEQ_ASM_VAL		"r"
#endif
#ifndef RSEQ_ASM_LOCALS
# define RSEQ_ASM_LOCALS(cpu, mode)
#endif

#define RSEQ_ASM_CLOSE								\
	"2:\n\t"								\
	".pushsection __rseq_abort, \"ax\"\n\t"					\
	RSEQ_ASM_SIGNATURE							\
	"4:\n\t"								\
	RSEQ_ASM_ABORT_JUMP							\
	".popsection\n\t"							\
	RSEQ_ASM_END

#ifndef RSEQ_ASM_CBNE
# define RSEQ_ASM_CBNE(ptr, expect, label)					\
	RSEQ_ASM_LOAD(RSEQ_ASM_TMP, ptr)					\
	RSEQ_ASM_BNE(RSEQ_ASM_TMP, expect, label)
#endif

/* *addr += value as the commit.  */
#ifndef RSEQ_ASM_LOAD_ADD_COMMIT
# define RSEQ_ASM_LOAD_ADD_COMMIT(addr, value)					\
	RSEQ_ASM_LOAD(RSEQ_ASM_TMP, addr)					\
	RSEQ_ASM_ADD(RSEQ_ASM_TMP, value)					\
	RSEQ_ASM_STORE(RSEQ_ASM_TMP, addr)
#endif


#ifdef RSEQ_COMPARE_TWICE
# define RSEQ_ASM_TWICE_INDEX(index_offset)					\
	RSEQ_ASM_CHECK_INDEX(index_offset, "%l[error_index]")
#else
# define RSEQ_ASM_TWICE_INDEX(index_offset)
#endif

#define RSEQ_ARCH_HAS_LOAD_ADD_LOAD_LOAD_ADD_STORE	1

#endif /* RSEQ_LOADSTORE_ASM_BLOCKS */

#define RSEQ_OPEN		RSEQ_ASM_OPEN(RSEQ_TEMPLATE_INDEX_OFFSET)
#define RSEQ_TWICE_INDEX	RSEQ_ASM_TWICE_INDEX(RSEQ_TEMPLATE_INDEX_OFFSET)
#define RSEQ_LOCALS(cpu)	RSEQ_ASM_LOCALS(cpu, RSEQ_TEMPLATE_MODE)
#ifdef RSEQ_ASM_INPUTS
# define RSEQ_INPUTS(cpu)	RSEQ_ASM_INPUTS(cpu, RSEQ_TEMPLATE_MODE)
#else
# define RSEQ_INPUTS(cpu)							\
	[abi] RSEQ_ASM_PTR (rseq_get_abi()),					\
	[index] "r" ((intptr_t) (cpu))						\
	RSEQ_ASM_FENCE_OPERAND([fence] RSEQ_ASM_PTR				\
		(&rseq_opv_fence_table[RSEQ_TEMPLATE_MODE][cpu].held))
#endif
#ifdef RSEQ_TEMPLATE_MO_RELEASE
# define RSEQ_COMMIT(reg, addr)	RSEQ_ASM_STORE_RELEASE(reg, addr)
#else
# define RSEQ_COMMIT(reg, addr)	RSEQ_ASM_STORE(reg, addr)
#endif

#ifdef RSEQ_TEMPLATE_MO_RELAXED

static inline __attribute__((always_inline))
int RSEQ_TEMPLATE_NAME(rseq_load_cbne_store__ptr)(intptr_t *v, intptr_t expect,
						  intptr_t newv, int cpu)
{
	RSEQ_TEMPLATE_REQUIRE_INDEX;
	RSEQ_LOCALS(cpu)
	__asm__ __volatile__ goto (
		RSEQ_OPEN
		RSEQ_ASM_CBNE("%[v]", "%[expect]", "%l[cmpfail]")
		RSEQ_INJECT_ASM(4)
		RSEQ_INJECT_ASM(5)
		RSEQ_INJECT_ASM(6)
		RSEQ_ASM_TWICE(RSEQ_TWICE_INDEX
			       RSEQ_ASM_CBNE("%[v]", "%[expect]", "%l[error_value]"))
		RSEQ_COMMIT("%[newv]", "%[v]")
		RSEQ_ASM_CLOSE
		: /* no outputs: asm goto */
		: RSEQ_INPUTS(cpu),
		  [v] RSEQ_ASM_PTR (v), [expect] RSEQ_ASM_VAL (expect), [newv] RSEQ_ASM_VAL (newv)
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
	RSEQ_LOCALS(cpu)
	__asm__ __volatile__ goto (
		RSEQ_OPEN
		RSEQ_ASM_LOAD(RSEQ_ASM_TMP2, "%[v]")
		RSEQ_ASM_BEQ(RSEQ_ASM_TMP2, "%[expectnot]", "%l[cmpfail]")
		RSEQ_INJECT_ASM(4)
		RSEQ_ASM_STORE(RSEQ_ASM_TMP2, "%[load]")
		RSEQ_ASM_ADD(RSEQ_ASM_TMP2, "%[voffp]")
		RSEQ_ASM_LOAD(RSEQ_ASM_TMP2, RSEQ_ASM_TMP2)
		RSEQ_INJECT_ASM(5)
		RSEQ_INJECT_ASM(6)
		RSEQ_ASM_TWICE(RSEQ_TWICE_INDEX
			       RSEQ_ASM_LOAD(RSEQ_ASM_TMP, "%[v]")
			       RSEQ_ASM_BEQ(RSEQ_ASM_TMP, "%[expectnot]", "%l[error_value]"))
		RSEQ_COMMIT(RSEQ_ASM_TMP2, "%[v]")
		RSEQ_ASM_CLOSE
		: /* no outputs: asm goto */
		: RSEQ_INPUTS(cpu),
		  [v] RSEQ_ASM_PTR (v), [expectnot] RSEQ_ASM_VAL (expectnot), [voffp] RSEQ_ASM_VAL (voffp),
		  [load] RSEQ_ASM_PTR (load)
		  RSEQ_INJECT_INPUT
		: RSEQ_ASM_CLOBBERS RSEQ_INJECT_CLOBBER
		: abort, cmpfail RSEQ_ASM_TWICE_LABELS);
	RSEQ_TEMPLATE_EXITS("rseq_load_cbeq_store_add_load_store__ptr")
}

/* The read-modify-write operations load right before the commit, after
   the injection points, so that the value travels in RSEQ_ASM_TMP; where
   the ISA adds to memory in one instruction, that instruction is the
   commit (RSEQ_ASM_LOAD_ADD_COMMIT).  */
static inline __attribute__((always_inline))
int RSEQ_TEMPLATE_NAME(rseq_load_add_store__ptr)(intptr_t *v, intptr_t count, int cpu)
{
	RSEQ_TEMPLATE_REQUIRE_INDEX;
	RSEQ_LOCALS(cpu)
	__asm__ __volatile__ goto (
		RSEQ_OPEN
		RSEQ_INJECT_ASM(4)
		RSEQ_INJECT_ASM(5)
		RSEQ_INJECT_ASM(6)
		RSEQ_ASM_TWICE(RSEQ_TWICE_INDEX)
		RSEQ_ASM_LOAD_ADD_COMMIT("%[v]", "%[count]")
		RSEQ_ASM_CLOSE
		: /* no outputs: asm goto */
		: RSEQ_INPUTS(cpu),
		  [v] RSEQ_ASM_PTR (v), [count] RSEQ_ASM_VAL (count)
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
	RSEQ_LOCALS(cpu)
	__asm__ __volatile__ goto (
		RSEQ_OPEN
		RSEQ_ASM_LOAD(RSEQ_ASM_TMP2, "%[ptr]")
		RSEQ_ASM_ADD(RSEQ_ASM_TMP2, "%[off]")
		RSEQ_INJECT_ASM(4)
		RSEQ_INJECT_ASM(5)
		RSEQ_INJECT_ASM(6)
		RSEQ_ASM_TWICE(RSEQ_TWICE_INDEX)
		RSEQ_ASM_LOAD_ADD_COMMIT(RSEQ_ASM_TMP2, "%[inc]")
		RSEQ_ASM_CLOSE
		: /* no outputs: asm goto */
		: RSEQ_INPUTS(cpu),
		  [ptr] RSEQ_ASM_PTR (ptr), [off] RSEQ_ASM_VAL (off), [inc] RSEQ_ASM_VAL (inc)
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
	RSEQ_LOCALS(cpu)
	__asm__ __volatile__ goto (
		RSEQ_OPEN
		RSEQ_ASM_CBNE("%[v]", "%[expect]", "%l[cmpfail]")
		RSEQ_INJECT_ASM(4)
		RSEQ_ASM_CBNE("%[v2]", "%[expect2]", "%l[cmpfail]")
		RSEQ_INJECT_ASM(5)
		RSEQ_INJECT_ASM(6)
		RSEQ_ASM_TWICE(RSEQ_TWICE_INDEX
			       RSEQ_ASM_CBNE("%[v]", "%[expect]", "%l[error_value]")
			       RSEQ_ASM_CBNE("%[v2]", "%[expect2]", "%l[error_value]"))
		RSEQ_COMMIT("%[newv]", "%[v]")
		RSEQ_ASM_CLOSE
		: /* no outputs: asm goto */
		: RSEQ_INPUTS(cpu),
		  [v] RSEQ_ASM_PTR (v), [expect] RSEQ_ASM_VAL (expect),
		  [v2] RSEQ_ASM_PTR (v2), [expect2] RSEQ_ASM_VAL (expect2), [newv] RSEQ_ASM_VAL (newv)
		  RSEQ_INJECT_INPUT
		: RSEQ_ASM_CLOBBERS RSEQ_INJECT_CLOBBER
		: abort, cmpfail RSEQ_ASM_TWICE_LABELS);
	RSEQ_TEMPLATE_EXITS("rseq_load_cbne_load_cbne_store__ptr")
}

#endif /* RSEQ_TEMPLATE_MO_RELAXED */

/* The two operations that have a release form (RSEQ_COMMIT).  */

static inline __attribute__((always_inline))
int RSEQ_TEMPLATE_NAME(rseq_load_cbne_store_store__ptr)(intptr_t *v, intptr_t expect,
							intptr_t *v2, intptr_t newv2,
							intptr_t newv, int cpu)
{
	RSEQ_TEMPLATE_REQUIRE_INDEX;
	RSEQ_LOCALS(cpu)
	__asm__ __volatile__ goto (
		RSEQ_OPEN
		RSEQ_ASM_CBNE("%[v]", "%[expect]", "%l[cmpfail]")
		RSEQ_INJECT_ASM(4)
		RSEQ_ASM_STORE("%[newv2]", "%[v2]")	/* speculative */
		RSEQ_INJECT_ASM(5)
		RSEQ_INJECT_ASM(6)
		RSEQ_ASM_TWICE(RSEQ_TWICE_INDEX
			       RSEQ_ASM_CBNE("%[v]", "%[expect]", "%l[error_value]"))
		RSEQ_COMMIT("%[newv]", "%[v]")
		RSEQ_ASM_CLOSE
		: /* no outputs: asm goto */
		: RSEQ_INPUTS(cpu),
		  [v] RSEQ_ASM_PTR (v), [expect] RSEQ_ASM_VAL (expect),
		  [v2] RSEQ_ASM_PTR (v2), [newv2] RSEQ_ASM_VAL (newv2), [newv] RSEQ_ASM_VAL (newv)
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
	RSEQ_LOCALS(cpu)
	__asm__ __volatile__ goto (
		RSEQ_OPEN
		RSEQ_ASM_CBNE("%[v]", "%[expect]", "%l[cmpfail]")
		RSEQ_INJECT_ASM(4)
		RSEQ_ASM_MEMCPY("%[dst]", "%[src]", "%[len]")	/* speculative */
		RSEQ_INJECT_ASM(5)
		RSEQ_INJECT_ASM(6)
		RSEQ_ASM_TWICE(RSEQ_TWICE_INDEX
			       RSEQ_ASM_CBNE("%[v]", "%[expect]", "%l[error_value]"))
		RSEQ_COMMIT("%[newv]", "%[v]")
		RSEQ_ASM_CLOSE
		: /* no outputs: asm goto */
		: RSEQ_INPUTS(cpu),
		  [v] RSEQ_ASM_PTR (v), [expect] RSEQ_ASM_VAL (expect),
		  [dst] RSEQ_ASM_PTR (dst), [src] RSEQ_ASM_PTR (src), [len] RSEQ_ASM_VAL (len),
		  [newv] RSEQ_ASM_VAL (newv)
		  RSEQ_INJECT_INPUT
		: RSEQ_ASM_CLOBBERS RSEQ_INJECT_CLOBBER
		: abort, cmpfail RSEQ_ASM_TWICE_LABELS);
	RSEQ_TEMPLATE_EXITS("rseq_load_cbne_memcpy_store__ptr")
}

#undef RSEQ_OPEN
#undef RSEQ_TWICE_INDEX
#undef RSEQ_INPUTS
#undef RSEQ_LOCALS
#undef RSEQ_COMMIT
