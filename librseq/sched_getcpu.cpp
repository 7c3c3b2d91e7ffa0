/* SPDX-License-Identifier: MIT */
#include <rseq/rseq.h>
#include "internal/export.h"

// glibc's sched_getcpu() behaviour for any libc: the registered area when
// there is one, otherwise getcpu.
extern "C" RSEQ_EXPORT int rseq_sched_getcpu(void)
{
	const int32_t cpu = rseq_current_cpu_raw();

	if (rseq_likely(cpu >= 0))
		return cpu;
	return rseq_fallback_current_cpu();
}
