/* SPDX-License-Identifier: MIT */
/* rseq-sandbox ERRNO[:register] PROGRAM [ARG...]: runs PROGRAM with a seccomp
   filter that makes the rseq system call fail with ERRNO (a name: ENOSYS,
   EPERM, ...), as an old kernel or a sandbox would.  With ":register", only
   calls with a non-NULL area fail: the availability probe rseq(NULL, 0, 0, 0)
   still reaches the kernel.  The filter is inherited across execve, so
   libc's own registration at start-up fails too.  */
#include <errno.h>
#include <string.h>
#include "probe.h"
#include "seccomp-sandbox.h"

static const struct { const char *name; int value; } errnos[] = {
	{ "ENOSYS", ENOSYS }, { "EPERM", EPERM }, { "EACCES", EACCES },
	{ "EINVAL", EINVAL }, { "EFAULT", EFAULT },
};

/* rseq's number on each x86 ABI.  */
enum { NR_RSEQ_X86_64 = 334, NR_RSEQ_I386 = 386 };

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
	/* A call with a NULL area (both halves of args[0] zero) is let through.  */
	const struct sock_filter registering[] = {
		SANDBOX_LOAD_ARG0_LO,
		SANDBOX_JEQ(0, 0, 2),
		SANDBOX_LOAD_ARG0_HI,
		SANDBOX_JEQ(0, 1, 0),
	};

	/* The suite's seccomp probe runs this program: forced absence must
	   look like a kernel that refuses filters.  */
	if (probe_forced_absent("seccomp")) {
		fputs("rseq-sandbox: seccomp: " PROBE_FORCED_WHY "\n", stderr);
		return 2;
	}
	return sandbox_exec("rseq-sandbox", NR_RSEQ_X86_64, NR_RSEQ_I386, registering,
			    only_register ? 4 : 0, err, argv + 2);
}
