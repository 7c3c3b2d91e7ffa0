/* SPDX-License-Identifier: MIT */
/* The kernel's own view of the initial thread's registration, as a tracer
   sees it (PTRACE_GET_RSEQ_CONFIGURATION), against what librseq publishes:
   the area is rseq_get_abi(), registered with RSEQ_SIG and a length the
   kernel accepts.  The tracee is a fork child of the initial thread: fork
   keeps the registration, at the same address.  Without ptrace
   (probe-ptrace.h), or on a kernel without the request (EIO, before 5.13),
   the four checks of the configuration are UNSUPPORTED.  */
#define _GNU_SOURCE
#include <sys/auxv.h>
#include <rseq/rseq.h>
#include "check.h"
#include "probe-ptrace.h"

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

/* The checks that need the tracer's view, in order.  */
enum { ANSWERS, AREA, LENGTH, SIGNATURE, CONFIG_CHECKS };
static const char *const config_checks[CONFIG_CHECKS] = {
	[ANSWERS] = "PTRACE_GET_RSEQ_CONFIGURATION answers",
	[AREA] = "the kernel's area is rseq_get_abi()",
	[LENGTH] = "registered length is 32 (or covers a feature size above 32), no flags",
	[SIGNATURE] = "signature is RSEQ_SIG",
};

static void all_unsupported(const char *why)
{
	for (int i = 0; i < CONFIG_CHECKS; i++)
		unsupported("%s: %s", config_checks[i], why);
}

int main(void)
{
	struct rseq_configuration conf;
	char why[256];

	plan(1 + CONFIG_CHECKS);
	check(rseq_current_cpu_raw() >= 0, "the initial thread is registered");
	if (!probe_ptrace(why, sizeof(why))) {
		all_unsupported(why);
		return 0;
	}

	const pid_t child = stopped_child();
	memset(&conf, 0xa5, sizeof(conf));
	errno = 0;
	long ret = ptrace(GET_RSEQ_CONFIGURATION, child, (void *) sizeof(conf), &conf);
	const int err = errno;
	note("kernel: area %#llx, length %u, signature %#x, flags %u; rseq_get_abi() %p; "
	     "feature size %lu", (unsigned long long) conf.rseq_abi_pointer, conf.rseq_abi_size,
	     conf.signature, conf.flags, (void *) rseq_get_abi(), getauxval(27));
	if (ret < 0 && err == EIO) {
		all_unsupported("PTRACE_GET_RSEQ_CONFIGURATION: EIO, the kernel does not know "
				"the request (Linux 5.13)");
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		return 0;
	}
	if (!check(ret == (long) sizeof(conf), "%s", config_checks[ANSWERS]))
		note("returned %ld (%s)", ret, strerror(err));
	check(conf.rseq_abi_pointer == (uintptr_t) rseq_get_abi(), "%s", config_checks[AREA]);
	check(length_ok(conf.rseq_abi_size) && conf.flags == 0, "%s", config_checks[LENGTH]);
	check(conf.signature == RSEQ_SIG, "%s", config_checks[SIGNATURE]);

	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	return 0;
}
