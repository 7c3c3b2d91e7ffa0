/* SPDX-License-Identifier: MIT */
/* The "ptrace" probe (see probe.h): a fork child asks to be traced and
   stops itself; the capability is there when its parent sees it stopped.
   Yama (kernel.yama.ptrace_scope 3), a seccomp filter or a container's
   policy can each forbid it, and only trying tells.  */
#ifndef LIBRSEQ_TESTS_PROBE_PTRACE_H
#define LIBRSEQ_TESTS_PROBE_PTRACE_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>
#include "probe.h"

/* True when ptrace works here; otherwise WHY (SIZE bytes) says why not.  */
static inline bool probe_ptrace(char *why, size_t size)
{
	int status;
	char scope[32] = "none";

	if (probe_forced_absent("ptrace")) {
		snprintf(why, size, "ptrace: %s", PROBE_FORCED_WHY);
		return false;
	}
	const pid_t pid = fork();
	if (pid < 0) {
		snprintf(why, size, "ptrace: cannot fork to try it (%s)", strerror(errno));
		return false;
	}
	if (pid == 0) {
		/* The exit status carries PTRACE_TRACEME's errno to the parent.  */
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
			_exit(errno & 0xff);
		raise(SIGSTOP);
		_exit(0);
	}
	pid_t got;
	while ((got = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	if (got != pid) {
		snprintf(why, size, "ptrace: waitpid failed (%s)", strerror(errno));
		return false;
	}
	if (WIFSTOPPED(status)) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return true;
	}
	FILE *f = fopen("/proc/sys/kernel/yama/ptrace_scope", "r");
	if (f) {
		if (!fgets(scope, sizeof(scope), f))
			strcpy(scope, "unreadable");
		scope[strcspn(scope, "\n")] = 0;
		fclose(f);
	}
	if (WIFEXITED(status) && WEXITSTATUS(status))
		snprintf(why, size, "ptrace: PTRACE_TRACEME failed in a child (%s; Yama "
			 "ptrace_scope %s)", strerror(WEXITSTATUS(status)), scope);
	else
		snprintf(why, size, "ptrace: a child that asked to be traced was not seen stopped "
			 "(wait status %#x; Yama ptrace_scope %s)", status, scope);
	return false;
}

#endif
