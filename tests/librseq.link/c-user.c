/* SPDX-License-Identifier: MIT */
/* c-user libc|librseq: a C program using librseq, linked by link.exp with
   the C compiler alone, so that a library needing the C++ run time fails to
   link or to start.  The argument names who must own the registration.  */
#include <string.h>
#include <rseq/rseq.h>
#include "check.h"

int main(int argc, char **argv)
{
	REQUIRE(argc == 2);
	const int want = !strcmp(argv[1], "libc") ? RSEQ_OWNER_LIBC : RSEQ_OWNER_LIBRSEQ;

	plan(3);
	check(rseq_owner() == want, "rseq_owner() is %s", argv[1]);
	check(rseq_current_cpu_raw() >= 0, "the initial thread is registered");
	const int32_t cpu = rseq_current_cpu();
	check(cpu >= 0 && cpu < rseq_get_max_nr_cpus(),
	      "rseq_current_cpu() is a CPU below rseq_get_max_nr_cpus()");
	return 0;
}
