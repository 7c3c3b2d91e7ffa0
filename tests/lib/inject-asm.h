/* SPDX-License-Identifier: MIT */
/* The injected asm of tests/lib/inject.h, for each architecture: what it
   puts at injection points 1..6 of every critical section (see
   sysdeps/<arch>/percpu-template.h for the registers each leaves to it).

   At every point: load inject_loops[n]; positive, spin that many times;
   negative, announce the arrival (inject_rendezvous = 1) and wait until
   released (2); zero, nothing.  Point 1 first counts the entry in the
   thread's inject_entries (local-exec TLS: executables only).

   x86 needs only the template's scratch register (%eax).  The others load
   addresses PC-relative (no text relocation) and need one more register,
   declared in RSEQ_INJECT_CLOBBER: the compiler then keeps the sequence's
   inputs out of it.  Only included by inject.h.  */
#ifndef LIBRSEQ_TESTS_INJECT_ASM_H
#define LIBRSEQ_TESTS_INJECT_ASM_H

#if defined(__x86_64__) || defined(__i386__)

# if defined(__x86_64__)
#  define INJECT_LOAD_LOOPS(n)	"movl inject_loops+4*" #n "(%%rip), %%eax\n\t"
#  define INJECT_COUNT_ENTRY	"incl %%fs:inject_entries@tpoff\n\t"
#  define INJECT_RENDEZVOUS	"inject_rendezvous(%%rip)"
#  define RSEQ_INJECT_INPUT
#  define RSEQ_INJECT_CLOBBER	, "rax"
# else
/* No PC-relative addressing: the words come in as memory operands, which
   the compiler addresses through its PIC register.  */
#  define INJECT_LOAD_LOOPS(n)	"movl %[inject_loops" #n "], %%eax\n\t"
#  define INJECT_COUNT_ENTRY	"incl %%gs:inject_entries@ntpoff\n\t"
#  define INJECT_RENDEZVOUS	"%[inject_rendezvous]"
#  define RSEQ_INJECT_INPUT						\
	, [inject_loops1] "m" (inject_loops[1])				\
	, [inject_loops2] "m" (inject_loops[2])				\
	, [inject_loops3] "m" (inject_loops[3])				\
	, [inject_loops4] "m" (inject_loops[4])				\
	, [inject_loops5] "m" (inject_loops[5])				\
	, [inject_loops6] "m" (inject_loops[6])				\
	, [inject_rendezvous] "m" (inject_rendezvous)
#  define RSEQ_INJECT_CLOBBER	, "eax"
# endif

# define INJECT_POINT(n)						\
	INJECT_LOAD_LOOPS(n)						\
	"testl %%eax, %%eax\n\t"					\
	"jz 333f\n\t"							\
	"jl 444f\n\t"							\
	"222:\n\t"							\
	"decl %%eax\n\t"						\
	"jnz 222b\n\t"							\
	"jmp 333f\n\t"							\
	"444:\n\t"							\
	"movl $1, " INJECT_RENDEZVOUS "\n\t"				\
	"555:\n\t"							\
	"pause\n\t"							\
	"cmpl $1, " INJECT_RENDEZVOUS "\n\t"				\
	"je 555b\n\t"							\
	"333:\n\t"

#elif defined(__aarch64__)

/* w15 (RSEQ_ASM_TMP_REG32) counts; x13 holds addresses.  */
# define INJECT_ADDRESS(sym)						\
	"adrp x13, " sym "\n\t"						\
	"add x13, x13, :lo12:" sym "\n\t"
# define INJECT_COUNT_ENTRY						\
	"mrs x13, tpidr_el0\n\t"					\
	"add x13, x13, #:tprel_hi12:inject_entries, lsl #12\n\t"	\
	"add x13, x13, #:tprel_lo12_nc:inject_entries\n\t"		\
	"ldr w15, [x13]\n\t"						\
	"add w15, w15, #1\n\t"						\
	"str w15, [x13]\n\t"
# define INJECT_POINT(n)						\
	INJECT_ADDRESS("inject_loops")					\
	"ldr w15, [x13, #4*" #n "]\n\t"					\
	"cbz w15, 333f\n\t"						\
	"tbnz w15, #31, 444f\n\t"					\
	"222:\n\t"							\
	"subs w15, w15, #1\n\t"						\
	"b.ne 222b\n\t"							\
	"b 333f\n\t"							\
	"444:\n\t"							\
	INJECT_ADDRESS("inject_rendezvous")				\
	"mov w15, #1\n\t"						\
	"stlr w15, [x13]\n\t"						\
	"555:\n\t"							\
	"yield\n\t"							\
	"ldar w15, [x13]\n\t"						\
	"cmp w15, #1\n\t"						\
	"b.eq 555b\n\t"							\
	"333:\n\t"
# define RSEQ_INJECT_CLOBBER	, "x13"

#elif defined(__arm__)

/* r12 (RSEQ_ASM_TMP_REG) counts; r5 holds addresses.  The TLS offset is a
   literal word, jumped over.  */
# define INJECT_ADDRESS(sym)						\
	"movw r5, #:lower16:(" sym " - (668f + " RSEQ_ASM_PC_BIAS "))\n\t" \
	"movt r5, #:upper16:(" sym " - (668f + " RSEQ_ASM_PC_BIAS "))\n\t" \
	"668:\n\t"							\
	"add r5, r5, pc\n\t"
# define INJECT_COUNT_ENTRY						\
	"mrc p15, 0, r5, c13, c0, 3\n\t"				\
	"ldr r12, 666f\n\t"						\
	"b 667f\n\t"							\
	".balign 4\n\t"							\
	"666:\n\t"							\
	".word inject_entries(tpoff)\n\t"				\
	"667:\n\t"							\
	"add r5, r5, r12\n\t"						\
	"ldr r12, [r5]\n\t"						\
	"add r12, r12, #1\n\t"						\
	"str r12, [r5]\n\t"
# define INJECT_POINT(n)						\
	INJECT_ADDRESS("inject_loops")					\
	"ldr r12, [r5, #4*" #n "]\n\t"					\
	"cmp r12, #0\n\t"						\
	"beq 333f\n\t"							\
	"blt 444f\n\t"							\
	"222:\n\t"							\
	"subs r12, r12, #1\n\t"						\
	"bne 222b\n\t"							\
	"b 333f\n\t"							\
	"444:\n\t"							\
	INJECT_ADDRESS("inject_rendezvous")				\
	"mov r12, #1\n\t"						\
	"dmb ish\n\t"							\
	"str r12, [r5]\n\t"						\
	"555:\n\t"							\
	"ldr r12, [r5]\n\t"						\
	"cmp r12, #1\n\t"						\
	"beq 555b\n\t"							\
	"dmb ish\n\t"							\
	"333:\n\t"
# define RSEQ_INJECT_CLOBBER	, "r5"

#elif defined(__powerpc64__)

/* r12 (RSEQ_ASM_TMP_REG) counts; r10 holds addresses, found from the link
   register (which the templates clobber already).  No addic.: it would
   write the carry, which is not declared.  */
# define INJECT_ADDRESS(sym)						\
	"bcl 20, 31, 668f\n\t"						\
	"668:\n\t"							\
	"mflr %%r10\n\t"						\
	"addis %%r10, %%r10, (" sym " - 668b)@ha\n\t"			\
	"addi %%r10, %%r10, (" sym " - 668b)@l\n\t"
# define INJECT_COUNT_ENTRY						\
	"addis %%r10, %%r13, inject_entries@tprel@ha\n\t"		\
	"addi %%r10, %%r10, inject_entries@tprel@l\n\t"			\
	"lwz %%r12, 0(%%r10)\n\t"					\
	"addi %%r12, %%r12, 1\n\t"					\
	"stw %%r12, 0(%%r10)\n\t"
# define INJECT_POINT(n)						\
	INJECT_ADDRESS("inject_loops")					\
	"lwz %%r12, 4*" #n "(%%r10)\n\t"				\
	"cmpwi %%r12, 0\n\t"						\
	"beq- 333f\n\t"							\
	"blt- 444f\n\t"							\
	"222:\n\t"							\
	"addi %%r12, %%r12, -1\n\t"					\
	"cmpwi %%r12, 0\n\t"						\
	"bne+ 222b\n\t"							\
	"b 333f\n\t"							\
	"444:\n\t"							\
	INJECT_ADDRESS("inject_rendezvous")				\
	"li %%r12, 1\n\t"						\
	"lwsync\n\t"							\
	"stw %%r12, 0(%%r10)\n\t"					\
	"555:\n\t"							\
	"lwz %%r12, 0(%%r10)\n\t"					\
	"cmpwi %%r12, 1\n\t"						\
	"beq- 555b\n\t"							\
	"isync\n\t"							\
	"333:\n\t"
# define RSEQ_INJECT_CLOBBER	, "r10"

#elif defined(__s390x__)

/* r0 (RSEQ_ASM_TMP_REG) counts; r5 holds addresses (r0 cannot).  The
   thread pointer is in access registers 0 and 1; the TLS offset is a
   literal in .rodata.  Loads are acquires and stores releases here.  */
# define INJECT_COUNT_ENTRY						\
	"ear %%r5, %%a0\n\t"						\
	"sllg %%r5, %%r5, 32\n\t"					\
	"ear %%r5, %%a1\n\t"						\
	".pushsection .rodata\n\t"					\
	".balign 8\n\t"							\
	"666:\n\t"							\
	".quad inject_entries@ntpoff\n\t"				\
	".popsection\n\t"						\
	"lgrl %%r0, 666b\n\t"						\
	"agr %%r5, %%r0\n\t"						\
	"l %%r0, 0(%%r5)\n\t"						\
	"ahi %%r0, 1\n\t"						\
	"st %%r0, 0(%%r5)\n\t"
# define INJECT_POINT(n)						\
	"larl %%r5, inject_loops\n\t"					\
	"l %%r0, 4*" #n "(%%r5)\n\t"					\
	"ltr %%r0, %%r0\n\t"						\
	"je 333f\n\t"							\
	"jl 444f\n\t"							\
	"222:\n\t"							\
	"brct %%r0, 222b\n\t"						\
	"j 333f\n\t"							\
	"444:\n\t"							\
	"larl %%r5, inject_rendezvous\n\t"				\
	"lhi %%r0, 1\n\t"						\
	"st %%r0, 0(%%r5)\n\t"						\
	"555:\n\t"							\
	"l %%r0, 0(%%r5)\n\t"						\
	"chi %%r0, 1\n\t"						\
	"je 555b\n\t"							\
	"333:\n\t"
# define RSEQ_INJECT_CLOBBER	, "r5"

#elif defined(__mips__) && _MIPS_SIM == _ABI64

/* $12 (RSEQ_ASM_TMP_REG) counts; $15 holds addresses, found as the
   templates find theirs (RSEQ_MIPS_ADDRESS, through $31).  The sequences
   run in the assembler's reorder mode, which fills the delay slots.  rdhwr
   of the thread pointer may trap to the kernel, which emulates it.  */
# define INJECT_ADDRESS(sym)	RSEQ_MIPS_ADDRESS("$15", sym, "668")
# define INJECT_COUNT_ENTRY						\
	"rdhwr $12, $29\n\t"						\
	"lui $15, %%tprel_hi(inject_entries)\n\t"			\
	"daddu $15, $15, $12\n\t"					\
	"lw $12, %%tprel_lo(inject_entries)($15)\n\t"			\
	"addiu $12, $12, 1\n\t"						\
	"sw $12, %%tprel_lo(inject_entries)($15)\n\t"
# define INJECT_POINT(n)						\
	INJECT_ADDRESS("inject_loops")					\
	"lw $12, 4*" #n "($15)\n\t"					\
	"beqz $12, 333f\n\t"						\
	"bltz $12, 444f\n\t"						\
	"222:\n\t"							\
	"addiu $12, $12, -1\n\t"					\
	"bnez $12, 222b\n\t"						\
	"b 333f\n\t"							\
	"444:\n\t"							\
	INJECT_ADDRESS("inject_rendezvous")				\
	"li $12, 1\n\t"							\
	"sync\n\t"							\
	"sw $12, 0($15)\n\t"						\
	"555:\n\t"							\
	"lw $12, 0($15)\n\t"						\
	"addiu $12, $12, -1\n\t"					\
	"beqz $12, 555b\n\t"						\
	"sync\n\t"							\
	"333:\n\t"
# define RSEQ_INJECT_CLOBBER	, "$15"

#else
# error "inject-asm.h: no injected asm for this architecture"
#endif

#ifndef RSEQ_INJECT_INPUT
# define RSEQ_INJECT_INPUT
#endif

#endif
