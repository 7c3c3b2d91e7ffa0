/* SPDX-License-Identifier: MIT */
/* A participant of the original sharing protocol, written as such code
   (tcmalloc, the kernel selftests before 5.18) is: it declares __rseq_abi
   and __rseq_refcount itself, takes a reference with a plain ++ and
   registers &__rseq_abi when it finds the count at zero, and runs its own
   restartable sequence on __rseq_abi, without any librseq function.  On
   architectures without a sequence here, participant_has_sequence() is
   false and the tests say UNSUPPORTED.  */
#ifndef LIBRSEQ_TESTS_PROTOCOL_PARTICIPANT_H
#define LIBRSEQ_TESTS_PROTOCOL_PARTICIPANT_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <rseq/abi.h>

#define PARTICIPANT_TLS __thread __attribute__((tls_model("initial-exec")))

/* DEFINE_PROTOCOL_SYMBOLS in one file of a participant defines both
   symbols weakly, as the protocol wants.  */
#ifdef DEFINE_PROTOCOL_SYMBOLS
__attribute__((weak)) PARTICIPANT_TLS struct rseq_abi __rseq_abi = {
	.cpu_id = (uint32_t) RSEQ_ABI_CPU_ID_UNINITIALIZED,
};
__attribute__((weak)) PARTICIPANT_TLS uint32_t __rseq_refcount;
#else
extern PARTICIPANT_TLS struct rseq_abi __rseq_abi;
extern PARTICIPANT_TLS uint32_t __rseq_refcount;
#endif

#if defined(__x86_64__) || defined(__i386__)
# define PARTICIPANT_SIG 0x53053053
# define PARTICIPANT_HAS_SEQUENCE 1
#else
# define PARTICIPANT_HAS_SEQUENCE 0
#endif

static inline bool participant_has_sequence(void)
{
	return PARTICIPANT_HAS_SEQUENCE;
}

/* What the last participant_acquire() found: the count already non-zero,
   or its own rseq() call's result.  */
struct participant_acquired {
	bool shared;		/* the count was non-zero: no system call */
	int err;		/* else 0, or the errno of rseq() */
};

/* Takes a reference; true when the area is registered for this thread.  */
static inline bool participant_acquire(struct participant_acquired *how)
{
	how->shared = false;
	how->err = 0;
	if (__rseq_refcount++ > 0) {
		how->shared = true;
		return true;
	}
#if PARTICIPANT_HAS_SEQUENCE
	if (syscall(__NR_rseq, &__rseq_abi, sizeof(__rseq_abi), 0, PARTICIPANT_SIG) == 0)
		return true;
	how->err = errno;
#else
	how->err = ENOSYS;
#endif
	__rseq_refcount--;
	return false;
}

/* Drops a reference; the last one unregisters, as old librseq did.  */
static inline void participant_release(void)
{
#if PARTICIPANT_HAS_SEQUENCE
	if (--__rseq_refcount == 0)
		syscall(__NR_rseq, &__rseq_abi, sizeof(__rseq_abi), 1, PARTICIPANT_SIG);
#else
	--__rseq_refcount;
#endif
}

/* Adds COUNT to V[cpu] for the CPU the thread runs on, in a restartable
   sequence on __rseq_abi: 0 when it committed, -1 when it aborted or the
   thread was not on the CPU it read (retry).  CPU gets the index used.
   DELAY iterations of an empty loop between the load and the store widen
   the window that only the kernel's aborts protect.  */
static inline int participant_add(intptr_t *v, intptr_t count, int *cpu, unsigned int delay)
{
#if PARTICIPANT_HAS_SEQUENCE
	struct rseq_abi *abi = &__rseq_abi;
	const int c = (int) RSEQ_READ_ONCE(abi->cpu_id_start);

	*cpu = c;
	/* Descriptor 3 (start 1, commit 2, abort 4), its address stored in
	   rseq_cs, then: still on the CPU read above?  add, commit.  The abort
	   handler, after the signature, gives up like a CPU mismatch.  */
# ifdef __x86_64__
#  define PARTICIPANT_DESCRIPTOR ".quad 1f, 2f - 1f, 4f\n\t"
#  define PARTICIPANT_LOAD_CS "leaq 3b(%%rip), %%rax\n\t"
#  define PARTICIPANT_RSEQ_CS abi->rseq_cs.ptr64
#  define PARTICIPANT_WORD "q"
#  define PARTICIPANT_SCRATCH "rax"
# else
	/* No PC-relative addressing: the address from a call.  */
#  define PARTICIPANT_DESCRIPTOR ".long 1f, 0, 2f - 1f, 0, 4f, 0\n\t"
#  define PARTICIPANT_LOAD_CS "call 5f\n5:\n\tpopl %%eax\n\tleal (3b - 5b)(%%eax), %%eax\n\t"
#  define PARTICIPANT_RSEQ_CS abi->rseq_cs.arch.ptr
#  define PARTICIPANT_WORD "l"
#  define PARTICIPANT_SCRATCH "eax"
# endif
	__asm__ goto(
		".pushsection protocol_rseq_cs, \"aw\"\n\t"
		".balign 32\n"
		"3:\n\t"
		".long 0, 0\n\t"
		PARTICIPANT_DESCRIPTOR
		".popsection\n\t"
		PARTICIPANT_LOAD_CS
		"mov" PARTICIPANT_WORD " %%" PARTICIPANT_SCRATCH ", %[rseq_cs]\n"
		"1:\n\t"
		"cmpl %[cpu], %[cpu_id]\n\t"
		"jnz %l[abort]\n\t"
		"mov" PARTICIPANT_WORD " %[slot], %%" PARTICIPANT_SCRATCH "\n\t"
		"movl %[delay], %%ecx\n\t"
		"testl %%ecx, %%ecx\n\t"
		"jz 7f\n"
		"6:\n\t"
		"decl %%ecx\n\t"
		"jnz 6b\n"
		"7:\n\t"
		"add" PARTICIPANT_WORD " %[count], %%" PARTICIPANT_SCRATCH "\n\t"
		"mov" PARTICIPANT_WORD " %%" PARTICIPANT_SCRATCH ", %[slot]\n"
		"2:\n\t"
		".pushsection protocol_rseq_abort, \"ax\"\n\t"
		".long 0x53053053\n"
		"4:\n\t"
		"jmp %l[abort]\n\t"
		".popsection\n\t"
		:
		: [rseq_cs] "m" (PARTICIPANT_RSEQ_CS), [cpu_id] "m" (abi->cpu_id),
		  [cpu] "r" (c), [slot] "m" (v[c]), [count] "r" (count), [delay] "rm" (delay)
		: "memory", "cc", "ecx", PARTICIPANT_SCRATCH
		: abort);
	return 0;
abort:
	return -1;
#else
	(void) v;
	(void) count;
	(void) delay;
	*cpu = -1;
	return -1;
#endif
}

#endif
