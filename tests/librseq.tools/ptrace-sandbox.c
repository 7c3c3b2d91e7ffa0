/* SPDX-License-Identifier: MIT */
/* ptrace-sandbox all|rseq-config PROGRAM [ARG...]: runs PROGRAM under a
   seccomp filter that takes ptrace(2) away: "all" makes every call fail
   with EPERM, as a container's policy may (the refused attach of rseq-info
   -p); "rseq-config" makes PTRACE_GET_RSEQ_CONFIGURATION alone fail with
   EIO, which is what a kernel before Linux 5.13 answers to a request it
   does not know.  The filter is inherited across execve.  */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include "seccomp-sandbox.h"

/* ptrace's number on each x86 ABI.  */
enum { NR_PTRACE_X86_64 = 101, NR_PTRACE_I386 = 26 };
enum { GET_RSEQ_CONFIGURATION = 0x420f };

int main(int argc, char **argv)
{
	const bool all = argc > 2 && !strcmp(argv[1], "all");

	if (argc < 3 || (!all && strcmp(argv[1], "rseq-config"))) {
		fprintf(stderr, "usage: ptrace-sandbox all|rseq-config PROGRAM [ARG...]\n");
		return 2;
	}
	/* The request is the low half of args[0].  */
	const struct sock_filter rseq_config[] = {
		SANDBOX_LOAD_ARG0_LO,
		SANDBOX_JEQ(GET_RSEQ_CONFIGURATION, 0, 1),
	};
	return sandbox_exec("ptrace-sandbox", NR_PTRACE_X86_64, NR_PTRACE_I386, rseq_config,
			    all ? 0 : 2, all ? EPERM : EIO, argv + 2);
}
