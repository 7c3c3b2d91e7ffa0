/* SPDX-License-Identifier: MIT */
/* membarrier-sandbox all|rseq PROGRAM [ARG...]: runs PROGRAM under a
   seccomp filter that takes membarrier(2) away, as an older kernel would:
   "all" makes every call fail with ENOSYS (no membarrier at all); "rseq"
   makes the commands with an RSEQ bit fail with EINVAL, which is what a
   kernel before Linux 5.10 answers (its query still lists them: a filter
   cannot change what the kernel returns).  The filter is inherited across
   execve.  */
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

/* MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ and its registration, by value:
   older kernel headers lack the names.  */
enum { RSEQ_COMMANDS = (1 << 7) | (1 << 8) };
/* membarrier's number on each x86 ABI (the suite runs x86_64 and i386).  */
enum { NR_MEMBARRIER_X86_64 = 324, NR_MEMBARRIER_I386 = 375 };

#define LOAD(field)	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))
#define JEQ(k, t, f)	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define JSET(k, t, f)	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, (k), (t), (f))
#define RET(v)		BPF_STMT(BPF_RET | BPF_K, (v))

int main(int argc, char **argv)
{
	const bool all = argc > 2 && !strcmp(argv[1], "all");

	if (argc < 3 || (!all && strcmp(argv[1], "rseq"))) {
		fprintf(stderr, "usage: membarrier-sandbox all|rseq PROGRAM [ARG...]\n");
		return 2;
	}
	const unsigned int deny = SECCOMP_RET_ERRNO | ((all ? ENOSYS : EINVAL) & SECCOMP_RET_DATA);
	/* Jumps count from the next instruction.  The command is an int:
	   the low half of args[0] on little-endian x86.  */
	struct sock_filter filter[] = {
		/*  0 */ LOAD(arch),
		/*  1 */ JEQ(AUDIT_ARCH_X86_64, 0, 2),
		/*  2 */ LOAD(nr),
		/*  3 */ JEQ(NR_MEMBARRIER_X86_64, 3, 7),
		/*  4 */ JEQ(AUDIT_ARCH_I386, 0, 6),
		/*  5 */ LOAD(nr),
		/*  6 */ JEQ(NR_MEMBARRIER_I386, 0, 4),
		/*  7 */ JEQ(~0U, 0, all ? 2 : 0),	/* never true: "all" skips the test */
		/*  8 */ LOAD(args[0]),
		/*  9 */ JSET(RSEQ_COMMANDS, 0, 1),
		/* 10 */ RET(deny),
		/* 11 */ RET(SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(filter) / sizeof(filter[0]), filter };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
		perror("membarrier-sandbox: seccomp");
		return 2;
	}
	execvp(argv[2], argv + 2);
	perror("membarrier-sandbox: exec");
	return 2;
}
