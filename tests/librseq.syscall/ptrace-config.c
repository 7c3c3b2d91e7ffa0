/* SPDX-License-Identifier: MIT */
/* The kernel's own view of the initial thread's registration, as a tracer
   sees it (PTRACE_GET_RSEQ_CONFIGURATION), against what librseq publishes:
   the area is rseq_get_abi(), registered with RSEQ_SIG and a length the
   kernel accepts.  The tracee is a fork child of the initial thread: fork
   keeps the registration, at the same address.  */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>
#include <rseq/rseq.h>
#include "check.h"

#define GET_RSEQ_CONFIGURATION	0x420f	/* PTRACE_GET_RSEQ_CONFIGURATION, Linux 5.13 */

/* The kernel's layout (linux/ptrace.h), which older headers lack.  */
struct rseq_configuration {
	uint64_t rseq_abi_pointer;
	uint32_t rseq_abi_size;
	uint32_t signature;
	uint32_t flags;
	uint32_t pad;
};

/* A kernel that fills no more than the original 32 bytes accepts only that
   length at 32-byte alignment; beyond, the length covers the feature size.  */
static bool length_ok(uint32_t len)
{
	const unsigned long feature = getauxval(27);	/* AT_RSEQ_FEATURE_SIZE */

	if (feature <= RSEQ_ABI_ORIG_SIZE)
		return len == RSEQ_ABI_ORIG_SIZE;
	return len == RSEQ_ABI_ORIG_SIZE || len >= feature;
}

static pid_t stopped_child(void)
{
	int status;
	pid_t pid = fork();

	REQUIRE(pid >= 0);
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) == 0)
			raise(SIGSTOP);
		_exit(0);
	}
	REQUIRE(waitpid(pid, &status, 0) == pid);
	REQUIRE(WIFSTOPPED(status));
	return pid;
}

int main(void)
{
	struct rseq_configuration conf;

	plan(5);
	check(rseq_current_cpu_raw() >= 0, "the initial thread is registered");

	const pid_t child = stopped_child();
	memset(&conf, 0xa5, sizeof(conf));
	errno = 0;
	long ret = ptrace(GET_RSEQ_CONFIGURATION, child, (void *) sizeof(conf), &conf);
	const int err = errno;
	note("kernel: area %#llx, length %u, signature %#x, flags %u; rseq_get_abi() %p; "
	     "feature size %lu", (unsigned long long) conf.rseq_abi_pointer, conf.rseq_abi_size,
	     conf.signature, conf.flags, (void *) rseq_get_abi(), getauxval(27));
	if (!check(ret == (long) sizeof(conf), "PTRACE_GET_RSEQ_CONFIGURATION answers"))
		note("returned %ld (%s)", ret, strerror(err));
	check(conf.rseq_abi_pointer == (uintptr_t) rseq_get_abi(),
	      "the kernel's area is rseq_get_abi()");
	check(length_ok(conf.rseq_abi_size) && conf.flags == 0,
	      "registered length is 32 (or covers a feature size above 32), no flags");
	check(conf.signature == RSEQ_SIG, "signature is RSEQ_SIG");

	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	return 0;
}
