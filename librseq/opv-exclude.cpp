/* SPDX-License-Identifier: MIT */
/* Keeping per-CPU operations out of a CPU (or mm_cid) whose fence cpu_opv()
   just took.  A sequence that read the fence before it was taken could
   still commit; each way out below makes that impossible:
   - the caller runs on the target CPU (holds the target mm_cid): every
     sequence there that read the free fence was preempted by the caller's
     arrival, and the kernel aborts a preempted sequence.  No system call;
   - otherwise membarrier(PRIVATE_EXPEDITED_RSEQ) restarts the sequences
     of this process running on that CPU (FLAG_CPU), or on every CPU for an
     mm_cid, which may run anywhere.  Measured here: about 11 us when one of
     our threads runs there, 0.2 us when none does; moving the caller onto
     the target CPU instead costs 64 us to 4 ms, so it is not used.
   Kernels without the RSEQ command (before 5.10) get a plain expedited
   membarrier (a sequence already past its fence check may then still
   commit: documented), or nothing at all.  */
#include <errno.h>
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <rseq/rseq.h>
#include "internal/export.h"
#include "internal/opv-fences.h"
#include "internal/opv.h"
#include "internal/syscall.h"
#include "internal/vdso.h"

namespace librseq {
namespace {

int decide_method()
{
	const long query = kernel_call(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);

	if (query > 0 && (query & MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ) &&
	    kernel_call(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ, 0, 0) == 0)
		return RSEQ_CPU_OPV_MEMBARRIER_RSEQ;
	if (query > 0 && (query & MEMBARRIER_CMD_PRIVATE_EXPEDITED) &&
	    kernel_call(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0)
		return RSEQ_CPU_OPV_MEMBARRIER;
	return RSEQ_CPU_OPV_FENCE_ONLY;
}

// Registering twice is harmless, so racing first callers need no lock.
// The choice is kept where a fork child finds it undone (see
// allocate_opv_fences()): the child must register its own mm, since the
// one it inherits may have missed the parent's registration.
int current_method()
{
	OpvProcessState *state = opv_process_state();
	if (rseq_unlikely(!state))
		return decide_method();	// before the constructor: not kept
	int m = __atomic_load_n(&state->method, __ATOMIC_ACQUIRE);
	if (m == 0) {
		m = decide_method();
		__atomic_store_n(&state->method, m, __ATOMIC_RELEASE);
	}
	return m;
}

// Whether the caller runs on the target CPU, or holds the target mm_cid,
// right now (after the fence store, which take_fence() ordered first).
bool running_on(int mode, int index)
{
	const int32_t cpu = rseq_current_cpu_raw();

	if (mode == RSEQ_PERCPU_MM_CID)
		// Only a registered thread knows its mm_cid.
		return cpu >= 0 && rseq_mm_cid_available() &&
		       (int) rseq_current_mm_cid() == index;
	if (cpu >= 0)
		return cpu == index;
	unsigned int now;
	return getcpu(&now, nullptr) == 0 && (int) now == index;
}

} // namespace

int exclude_sequences(int mode, int index)
{
	long ret = 0;

	if (running_on(mode, index))
		return 0;
	switch (current_method()) {
	case RSEQ_CPU_OPV_MEMBARRIER_RSEQ:
		if (mode == RSEQ_PERCPU_CPU_ID)
			ret = kernel_call(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ,
					  MEMBARRIER_CMD_FLAG_CPU, index);
		else
			ret = kernel_call(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ, 0, 0);
		break;
	case RSEQ_CPU_OPV_MEMBARRIER:
		ret = kernel_call(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
		break;
	default:
		break;
	}
	// The method worked when it was chosen; failing now (a seccomp filter
	// installed since, say) means the exclusion did not happen: the vector
	// must not run.
	return (int) ret;
}

} // namespace librseq

extern "C" RSEQ_EXPORT int rseq_cpu_opv_method(void)
{
	return librseq::current_method();
}
