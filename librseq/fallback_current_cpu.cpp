/* SPDX-License-Identifier: MIT */
/* The current CPU and node without rseq: what the inline readers fall back
   to when the calling thread's area is not registered.  */
#include <rseq/rseq.h>
#include "internal/export.h"
#include "internal/syscall.h"
#include "internal/vdso.h"

extern "C" RSEQ_EXPORT int32_t rseq_fallback_current_cpu(void)
{
	unsigned int cpu;
	const int err = librseq::getcpu(&cpu, nullptr);

	return (int32_t) librseq::set_errno_from(err ? err : (long) cpu);
}

extern "C" RSEQ_EXPORT int32_t rseq_fallback_current_node(void)
{
	unsigned int cpu, node;
	const int err = librseq::getcpu(&cpu, &node);

	return (int32_t) librseq::set_errno_from(err ? err : (long) node);
}
