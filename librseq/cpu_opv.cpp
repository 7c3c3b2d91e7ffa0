/* SPDX-License-Identifier: MIT */
/* cpu_opv() in user space (see cpu_opv(2) and opv-*.cpp).  */
#include <errno.h>
#include <rseq/rseq.h>
#include <rseq/cpu-opv.h>
#include "internal/export.h"
#include "internal/opv-fences.h"
#include "internal/opv.h"
#include "internal/signals.h"
#include "internal/syscall.h"

namespace {

constexpr int kKnownFlags = CPU_OP_NR_FLAG | CPU_OP_VEC_LEN_MAX_FLAG | CPU_OP_MM_CID_FLAG;

int do_cpu_opv(const struct cpu_op *ops, int opcount, int cpu, int flags)
{
	if (flags & ~kKnownFlags)
		return -EINVAL;
	if (flags & (CPU_OP_NR_FLAG | CPU_OP_VEC_LEN_MAX_FLAG)) {
		if (flags != CPU_OP_NR_FLAG && flags != CPU_OP_VEC_LEN_MAX_FLAG)
			return -EINVAL;		// two queries, or a query with a mode
		return flags == CPU_OP_NR_FLAG ? NR_CPU_OPS : CPU_OP_VEC_LEN_MAX;
	}
	const int mode = (flags & CPU_OP_MM_CID_FLAG) ? RSEQ_PERCPU_MM_CID : RSEQ_PERCPU_CPU_ID;
	if (cpu < 0 || cpu >= librseq::opv_fence_count())
		return -EINVAL;

	struct cpu_op copy[CPU_OP_VEC_LEN_MAX];
	if (int err = librseq::prepare_vector(copy, ops, opcount))
		return err;

	// A handler on this thread must not run while the fence is held: a
	// per-CPU operation in it would abort forever, a cpu_opv() in it would
	// wait for itself.  Blocking every signal also keeps cancellation out.
	librseq::SignalsBlocked blocked;
	librseq::take_fence(mode, cpu);
	int ret = librseq::exclude_sequences(mode, cpu);
	if (ret == 0)
		ret = librseq::run_vector(copy, opcount);
	librseq::release_fence(mode, cpu);
	return ret;
}

} // namespace

extern "C" RSEQ_EXPORT int cpu_opv(struct cpu_op *ops, int opcount, int cpu, int flags)
{
	return (int) librseq::set_errno_from(do_cpu_opv(ops, opcount, cpu, flags));
}
