/* SPDX-License-Identifier: MIT */
/* membarrier-sandbox all|rseq PROGRAM [ARG...]: runs PROGRAM under a
   seccomp filter that takes membarrier(2) away, as an older kernel would:
   "all" makes every call fail with ENOSYS (no membarrier at all); "rseq"
   makes the commands with an RSEQ bit fail with EINVAL, which is what a
   kernel before Linux 5.10 answers (its query still lists them: a filter
   cannot change what the kernel returns).  The filter is inherited across
   execve.  */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include "seccomp-sandbox.h"

/* MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ and its registration, by value:
   older kernel headers lack the names.  */
enum { RSEQ_COMMANDS = (1 << 7) | (1 << 8) };
/* membarrier's number on each x86 ABI.  */
enum { NR_MEMBARRIER_X86_64 = 324, NR_MEMBARRIER_I386 = 375 };

int main(int argc, char **argv)
{
	const bool all = argc > 2 && !strcmp(argv[1], "all");

	if (argc < 3 || (!all && strcmp(argv[1], "rseq"))) {
		fprintf(stderr, "usage: membarrier-sandbox all|rseq PROGRAM [ARG...]\n");
		return 2;
	}
	/* The command is an int: the low half of args[0].  */
	const struct sock_filter rseq_commands[] = {
		SANDBOX_LOAD_ARG0_LO,
		SANDBOX_JSET(RSEQ_COMMANDS, 0, 1),
	};
	return sandbox_exec("membarrier-sandbox", NR_MEMBARRIER_X86_64, NR_MEMBARRIER_I386,
			    rseq_commands, all ? 0 : 2, all ? ENOSYS : EINVAL, argv + 2);
}
