/* SPDX-License-Identifier: MIT */
/* rseq-sandbox ERRNO[:register] PROGRAM [ARG...]: runs PROGRAM with a seccomp
   filter that makes the rseq system call fail with ERRNO (a name: ENOSYS,
   EPERM, ...), as an old kernel or a sandbox would.  With ":register", only
   calls with a non-NULL area fail: the availability probe rseq(NULL, 0, 0, 0)
   still reaches the kernel.  The filter is inherited across execve, so
   libc's own registration at start-up fails too.  */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>
#include "probe.h"

static const struct { const char *name; int value; } errnos[] = {
	{ "ENOSYS", ENOSYS }, { "EPERM", EPERM }, { "EACCES", EACCES },
	{ "EINVAL", EINVAL }, { "EFAULT", EFAULT },
};

#define LOAD(field)	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))
#define LOAD_ARG0_LO	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]))
#define LOAD_ARG0_HI	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]) + 4)
#define JEQ(k, t, f)	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define RET(v)		BPF_STMT(BPF_RET | BPF_K, (v))

int main(int argc, char **argv)
{
	char name[32] = "";
	int err = -1;
	int only_register = 0;

	if (argc > 2 && strlen(argv[1]) < sizeof(name)) {
		strcpy(name, argv[1]);
		char *colon = strchr(name, ':');
		if (colon && !strcmp(colon, ":register")) {
			*colon = 0;
			only_register = 1;
		}
		for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
			if (!strcmp(name, errnos[i].name))
				err = errnos[i].value;
	}
	if (err < 0) {
		fprintf(stderr, "usage: rseq-sandbox ENOSYS|EPERM|EACCES|EINVAL|EFAULT[:register] "
				"PROGRAM [ARG...]\n");
		return 2;
	}
	/* Both x86 ABIs, so that the filter is right whichever the program is
	   (the suite is run-tested on x86_64 and i386).  The argument test
	   reads both halves of args[0] (x86 is little-endian).  */
	const unsigned int deny = SECCOMP_RET_ERRNO | (err & SECCOMP_RET_DATA);
	struct sock_filter filter[] = {
		/*  0 */ LOAD(arch),
		/*  1 */ JEQ(AUDIT_ARCH_X86_64, 0, 2),
		/*  2 */ LOAD(nr),
		/*  3 */ JEQ(334, 3, 9),
		/*  4 */ JEQ(AUDIT_ARCH_I386, 0, 8),
		/*  5 */ LOAD(nr),
		/*  6 */ JEQ(386, 0, 6),
		/*  7 */ JEQ(~0U, 0, only_register ? 0 : 4),	/* never true: a branch */
		/*  8 */ LOAD_ARG0_LO,
		/*  9 */ JEQ(0, 0, 2),
		/* 10 */ LOAD_ARG0_HI,
		/* 11 */ JEQ(0, 1, 0),
		/* 12 */ RET(deny),
		/* 13 */ RET(SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(filter) / sizeof(filter[0]), filter };

	/* The suite's seccomp probe runs this program: forced absence must
	   look like a kernel that refuses filters.  */
	if (probe_forced_absent("seccomp")) {
		fputs("rseq-sandbox: seccomp: " PROBE_FORCED_WHY "\n", stderr);
		return 2;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
		perror("rseq-sandbox: seccomp");
		return 2;
	}
	execvp(argv[2], argv + 2);
	perror("rseq-sandbox: exec");
	return 2;
}
