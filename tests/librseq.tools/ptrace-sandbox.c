/* SPDX-License-Identifier: MIT */
/* ptrace-sandbox all|rseq-config PROGRAM [ARG...]: runs PROGRAM under a
   seccomp filter that takes ptrace(2) away: "all" makes every call fail
   with EPERM, as a container's policy may (the refused attach of rseq-info
   -p); "rseq-config" makes PTRACE_GET_RSEQ_CONFIGURATION alone fail with
   EIO, which is what a kernel before Linux 5.13 answers to a request it
   does not know.  The filter is inherited across execve.  */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

/* ptrace's number on each x86 ABI (the suite runs x86_64 and i386).  */
enum { NR_PTRACE_X86_64 = 101, NR_PTRACE_I386 = 26 };
enum { GET_RSEQ_CONFIGURATION = 0x420f };

#define LOAD(field)	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))
#define JEQ(k, t, f)	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define RET(v)		BPF_STMT(BPF_RET | BPF_K, (v))

int main(int argc, char **argv)
{
	const bool all = argc > 2 && !strcmp(argv[1], "all");

	if (argc < 3 || (!all && strcmp(argv[1], "rseq-config"))) {
		fprintf(stderr, "usage: ptrace-sandbox all|rseq-config PROGRAM [ARG...]\n");
		return 2;
	}
	const unsigned int deny = SECCOMP_RET_ERRNO | ((all ? EPERM : EIO) & SECCOMP_RET_DATA);
	/* Jumps count from the next instruction.  The request is the low half
	   of args[0] on little-endian x86.  */
	struct sock_filter filter[] = {
		/*  0 */ LOAD(arch),
		/*  1 */ JEQ(AUDIT_ARCH_X86_64, 0, 2),
		/*  2 */ LOAD(nr),
		/*  3 */ JEQ(NR_PTRACE_X86_64, 3, 7),
		/*  4 */ JEQ(AUDIT_ARCH_I386, 0, 6),
		/*  5 */ LOAD(nr),
		/*  6 */ JEQ(NR_PTRACE_I386, 0, 4),
		/*  7 */ JEQ(~0U, 0, all ? 2 : 0),	/* never true: "all" skips the test */
		/*  8 */ LOAD(args[0]),
		/*  9 */ JEQ(GET_RSEQ_CONFIGURATION, 0, 1),
		/* 10 */ RET(deny),
		/* 11 */ RET(SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(filter) / sizeof(filter[0]), filter };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
		perror("ptrace-sandbox: seccomp");
		return 2;
	}
	execvp(argv[2], argv + 2);
	perror("ptrace-sandbox: exec");
	return 2;
}
