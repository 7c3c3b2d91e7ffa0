/* SPDX-License-Identifier: MIT */
/* static libc|librseq: the protocol in a fully static program.  The
   program's weak definitions meet librseq.a's weak ones at link time, and
   the first in the link wins as ld.so's lookup would: the program's.
   Without ld.so there is no symbol table to give its size, so librseq
   takes it for the protocol's 32-byte struct.  */
#define DEFINE_PROTOCOL_SYMBOLS
#include <errno.h>
#include <rseq/rseq.h>
#include "check.h"
#include "participant.h"
#include "rseq-threads.h"

int main(int argc, char **argv)
{
	const bool owned = librseq_mode(argc, argv);

	if (!participant_has_sequence()) {
		plan(1);
		unsupported("the protocol test has no hand-written sequence for this architecture");
		return 0;
	}
	plan(3);
	/* A static program only registers the initial thread up front.  */
	check(owned ? rseq_get_abi() == &__rseq_abi : rseq_get_abi() != &__rseq_abi,
	      "the area is the program's __rseq_abi exactly when librseq owns the registration");
	const int32_t cpu_id = (int32_t) __rseq_abi.cpu_id;
	check_why(owned ? cpu_id >= 0 && __rseq_refcount == 1
			: cpu_id == RSEQ_ABI_CPU_ID_UNINITIALIZED && __rseq_refcount == 0,
		  "registered and counted when librseq owns the registration, else untouched",
		  "cpu_id %d count %u", cpu_id, __rseq_refcount);
	struct participant_acquired how;
	const bool ok = participant_acquire(&how);
	intptr_t slots[1024] = { 0 };
	int cpu = -1;
	long tries = 0;
	while (ok && participant_add(slots, 1, &cpu, 0) != 0 && ++tries < 1000000)
		;
	check_why(owned ? ok && how.shared && tries < 1000000 && slots[cpu] == 1
			: !ok && how.err == EINVAL,
		  "the program's sequence shares the registration, or falls back",
		  "ok %d shared %d errno %d tries %ld", ok, how.shared, how.err, tries);
	note("area: %s; participants: %s", owned ? "the program's __rseq_abi" : "libc's",
	     owned ? "the program's code and librseq (2)" : "librseq alone");
	return 0;
}
