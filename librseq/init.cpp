/* SPDX-License-Identifier: MIT */
/* Who owns the registration, decided once at load (ARCHITECTURE.md,
   "Ownership, in one paragraph").  */
#include <errno.h>
#include <rseq/rseq.h>
#include "internal/kernel.h"
#include "internal/libc.h"
#include "internal/opv-fences.h"
#include "internal/process.h"
#include "internal/protocol.h"
#include "internal/published.h"
#include "internal/thread-area.h"
#include "internal/vdso.h"
#include "../nptl-hooks/hooks.h"

namespace librseq {
namespace {

Process the_process;
int decided;	// 0, then 1 once the_process and the exported values are set

// Deterministic: were two threads to race here (only possible for calls made
// before the constructor, e.g. from a preinit function), both would store the
// same values.
void decide()
{
	const LibcRseq libc = libc_rseq();
	const KernelRseq kernel = kernel_rseq();
	Process p = { Owner::none, false, 0, 0, 0, false, false };

	if (libc.exported && libc.size != 0) {
		p.owner = Owner::libc;
		p.kernel_has_rseq = true;
		publish(libc.offset, libc_active_size(libc.size, kernel.feature_size), libc.flags);
	} else {
		const int err = probe_kernel_rseq();

		p.kernel_has_rseq = err == 0;
#ifdef RSEQ_SIG
		if (err == 0) {
			p.owner = Owner::librseq;
			choose_area(kernel, p);
			publish(p.area_offset,
				kernel.feature_size < p.registration_len ? kernel.feature_size
									 : p.registration_len,
				0);
		}
#endif
		if (p.owner == Owner::none) {
			// Without RSEQ_SIG for this architecture librseq cannot
			// register even where the kernel could.
			p.unavailable_errno = err ? err : ENOSYS;
			publish(offset_from_thread_pointer(&unavailable_area), 0, 0);
		}
	}
	the_process = p;
	__atomic_store_n(&decided, 1, __ATOMIC_RELEASE);
}

// Runs before the constructors of every library that links librseq, and in
// the dlopen() call that loads it.
__attribute__((constructor(101))) void on_load()
{
	decide();
	resolve_vdso();
	allocate_opv_fences();
	hooks::on_library_load();
}

} // namespace

// See published.cpp.
extern const char constructor_linked = 1;

const Process &process()
{
	if (rseq_unlikely(!__atomic_load_n(&decided, __ATOMIC_ACQUIRE)))
		decide();
	return the_process;
}

void give_up_ownership(int err)
{
	the_process.unavailable_errno = err;
	the_process.kernel_has_rseq = false;	// not for this process, anyway
	the_process.owner = Owner::none;
	publish(offset_from_thread_pointer(&unavailable_area), 0, 0);
}

} // namespace librseq
