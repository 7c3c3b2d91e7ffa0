/* SPDX-License-Identifier: MIT */
/* ptrace-sandbox PROGRAM [ARG...]: runs PROGRAM under a seccomp filter
   that makes ptrace(2) fail with EPERM, as a container's policy may: the
   refused attach of rseq-info -p.  The filter is inherited across execve.  */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

/* ptrace's number on each x86 ABI (the suite runs x86_64 and i386).  */
enum { NR_PTRACE_X86_64 = 101, NR_PTRACE_I386 = 26 };

#define LOAD(field)	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))
#define JEQ(k, t, f)	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define RET(v)		BPF_STMT(BPF_RET | BPF_K, (v))

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: ptrace-sandbox PROGRAM [ARG...]\n");
		return 2;
	}
	/* Jumps count from the next instruction.  */
	struct sock_filter filter[] = {
		/* 0 */ LOAD(arch),
		/* 1 */ JEQ(AUDIT_ARCH_X86_64, 0, 2),
		/* 2 */ LOAD(nr),
		/* 3 */ JEQ(NR_PTRACE_X86_64, 3, 4),
		/* 4 */ JEQ(AUDIT_ARCH_I386, 0, 3),
		/* 5 */ LOAD(nr),
		/* 6 */ JEQ(NR_PTRACE_I386, 0, 1),
		/* 7 */ RET(SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
		/* 8 */ RET(SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(filter) / sizeof(filter[0]), filter };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
		perror("ptrace-sandbox: seccomp");
		return 2;
	}
	execvp(argv[1], argv + 1);
	perror("ptrace-sandbox: exec");
	return 2;
}
