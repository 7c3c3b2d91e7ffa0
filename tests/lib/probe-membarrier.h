/* SPDX-License-Identifier: MIT */
/* The "membarrier-rseq" and "membarrier-cpu" probes (see probe.h): the
   kernel must list the command in MEMBARRIER_CMD_QUERY, accept the
   process's registration, and then really answer a call, since a seccomp
   policy or an emulator may list what it then refuses.  Both register the
   process for MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ, as their users must
   anyway.  */
#ifndef LIBRSEQ_TESTS_PROBE_MEMBARRIER_H
#define LIBRSEQ_TESTS_PROBE_MEMBARRIER_H

#include <errno.h>
#include <linux/membarrier.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "probe.h"

static inline int probe_membarrier_call(int cmd, unsigned int flags, int cpu)
{
	return (int) syscall(__NR_membarrier, cmd, flags, cpu);
}

/* True when MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ works here (the process
   is then registered for it); otherwise WHY (SIZE bytes) says why not.  */
static inline bool probe_membarrier_rseq(char *why, size_t size)
{
	if (probe_forced_absent("membarrier-rseq")) {
		snprintf(why, size, "membarrier-rseq: %s", PROBE_FORCED_WHY);
		return false;
	}
	const int mask = probe_membarrier_call(MEMBARRIER_CMD_QUERY, 0, 0);
	if (mask < 0) {
		snprintf(why, size, "membarrier-rseq: MEMBARRIER_CMD_QUERY failed (%s)",
			 strerror(errno));
		return false;
	}
	if (!(mask & MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ)) {
		snprintf(why, size, "membarrier-rseq: the kernel does not offer "
			 "MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ (Linux 5.10; query mask %#x)", mask);
		return false;
	}
	if (probe_membarrier_call(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ, 0, 0)) {
		snprintf(why, size, "membarrier-rseq: the registration failed (%s)",
			 strerror(errno));
		return false;
	}
	if (probe_membarrier_call(MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ, 0, 0)) {
		snprintf(why, size, "membarrier-rseq: the call failed once registered (%s)",
			 strerror(errno));
		return false;
	}
	return true;
}

/* The same with MEMBARRIER_CMD_FLAG_CPU, aimed at the caller's CPU.  */
static inline bool probe_membarrier_cpu(char *why, size_t size)
{
	if (probe_forced_absent("membarrier-cpu")) {
		snprintf(why, size, "membarrier-cpu: %s", PROBE_FORCED_WHY);
		return false;
	}
	if (!probe_membarrier_rseq(why, size))
		return false;
	unsigned int here;
	const int cpu = syscall(SYS_getcpu, &here, NULL, NULL) ? -1 : (int) here;
	if (cpu < 0 || probe_membarrier_call(MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ,
					     MEMBARRIER_CMD_FLAG_CPU, cpu)) {
		snprintf(why, size, "membarrier-cpu: MEMBARRIER_CMD_FLAG_CPU on CPU %d failed (%s)",
			 cpu, strerror(errno));
		return false;
	}
	return true;
}

#endif
