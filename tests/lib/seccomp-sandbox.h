/* SPDX-License-Identifier: MIT */
/* What the suite's seccomp sandboxes (rseq-sandbox, membarrier-sandbox,
   ptrace-sandbox) share: a filter that picks one system call by its number
   on either x86 ABI (the suite is run-tested on x86_64 and i386), runs the
   caller's checks of its arguments, and makes it fail with an errno; then
   PROGRAM runs under it (the filter is inherited across execve).  */
#ifndef LIBRSEQ_TESTS_SECCOMP_SANDBOX_H
#define LIBRSEQ_TESTS_SECCOMP_SANDBOX_H

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

#define SANDBOX_LOAD(field)							\
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))
/* The halves of args[0] (x86 is little-endian).  */
#define SANDBOX_LOAD_ARG0_LO	SANDBOX_LOAD(args[0])
#define SANDBOX_LOAD_ARG0_HI							\
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]) + 4)
#define SANDBOX_JEQ(k, t, f)	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define SANDBOX_JSET(k, t, f)	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, (k), (t), (f))

enum { SANDBOX_MAX_CHECKS = 16 };

/* Runs argv[0] with the system call numbered NR_X86_64 / NR_I386 failing
   with ERR.  CHECKS (N instructions, none for every call) run on a call of
   it: falling off their end denies the call; a jump one past their end
   allows it.  Returns only on failure, with the status to exit with.  */
static inline int sandbox_exec(const char *name, unsigned int nr_x86_64, unsigned int nr_i386,
			       const struct sock_filter *checks, unsigned char n, int err,
			       char **argv)
{
	struct sock_filter filter[7 + SANDBOX_MAX_CHECKS + 2] = {
		/* 0 */ SANDBOX_LOAD(arch),
		/* 1 */ SANDBOX_JEQ(AUDIT_ARCH_X86_64, 0, 2),
		/* 2 */ SANDBOX_LOAD(nr),
		/* 3 */ SANDBOX_JEQ(nr_x86_64, 3, (unsigned char) (4 + n)),
		/* 4 */ SANDBOX_JEQ(AUDIT_ARCH_I386, 0, (unsigned char) (3 + n)),
		/* 5 */ SANDBOX_LOAD(nr),
		/* 6 */ SANDBOX_JEQ(nr_i386, 0, (unsigned char) (1 + n)),
	};

	if (n > SANDBOX_MAX_CHECKS) {
		fprintf(stderr, "%s: too many checks\n", name);
		return 2;
	}
	for (unsigned int i = 0; i < n; i++)
		filter[7 + i] = checks[i];
	filter[7 + n] = (struct sock_filter) BPF_STMT(BPF_RET | BPF_K,
						      SECCOMP_RET_ERRNO | (err & SECCOMP_RET_DATA));
	filter[8 + n] = (struct sock_filter) BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);

	struct sock_fprog prog = { (unsigned short) (9 + n), filter };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
		fprintf(stderr, "%s: seccomp: ", name);
		perror(NULL);
		return 2;
	}
	execvp(argv[0], argv);
	fprintf(stderr, "%s: exec %s: ", name, argv[0]);
	perror(NULL);
	return 2;
}

#endif
