/* SPDX-License-Identifier: MIT */
/* foreign libc|librseq: the program's __rseq_abi is one the kernel cannot
   register or librseq cannot trust (FOREIGN_SIZE bytes, FOREIGN_OFFSET
   bytes past a 64-byte boundary, cpu_id starting at FOREIGN_CPU_ID).
   librseq refuses it and registers its own area; the count stays 0, so the
   program's protocol code never believes in a registration, and falls
   back.  The diagnostic on stderr is checked by protocol.exp.  */
#include <pthread.h>
#include <stdio.h>
#include <rseq/rseq.h>
#include "check.h"
#include "participant.h"
#include "rseq-threads.h"

#define STR_(x) #x
#define STR(x) STR_(x)

__asm__(".pushsection .tdata, \"awT\", %progbits\n\t"
	".balign 64\n\t"
	".zero " STR(FOREIGN_OFFSET) "\n\t"
	".weak __rseq_abi\n\t"
	".type __rseq_abi, %tls_object\n\t"
	".size __rseq_abi, " STR(FOREIGN_SIZE) "\n"
	"__rseq_abi:\n\t"
	".long 0, " STR(FOREIGN_CPU_ID) "\n\t"
	".zero " STR(FOREIGN_SIZE) " - 8\n\t"
	".popsection");
__attribute__((weak)) PARTICIPANT_TLS uint32_t __rseq_refcount;

struct look {
	int32_t cpu_raw;
	uint32_t count;
	bool acquired;
	int err;
};

static void *look(void *arg)
{
	struct look *l = arg;
	struct participant_acquired how;

	l->cpu_raw = rseq_current_cpu_raw();
	l->count = __rseq_refcount;
	l->acquired = participant_acquire(&how);
	l->err = how.err;
	if (l->acquired)
		participant_release();
	return NULL;
}

int main(int argc, char **argv)
{
	const bool owned = librseq_mode(argc, argv);

	plan(4);
	check(rseq_get_abi() != (const void *) &__rseq_abi, "the refused __rseq_abi is not the area");
	struct look l;
	look(&l);
	check_why(l.cpu_raw >= 0 && l.count == 0 && !l.acquired,
		  "initial thread: registered, count 0, protocol code falls back",
		  "cpu %d count %u acquired %d errno %d", l.cpu_raw, l.count, l.acquired, l.err);
	pthread_t t;
	REQUIRE(pthread_create(&t, NULL, look, &l) == 0);
	REQUIRE(pthread_join(t, NULL) == 0);
	check_why(l.cpu_raw >= 0 && l.count == 0 && !l.acquired,
		  "new thread: registered, count 0, protocol code falls back",
		  "cpu %d count %u acquired %d errno %d", l.cpu_raw, l.count, l.acquired, l.err);
	check(rseq_owner() == (owned ? RSEQ_OWNER_LIBRSEQ : RSEQ_OWNER_LIBC), "the expected owner");
	note("area: %s; participants: librseq alone (the program falls back)",
	     owned ? "librseq's own __rseq_abi (the program's refused)" : "libc's");
	return 0;
}
