/* SPDX-License-Identifier: MIT */
/* Reference-counted registration of the calling thread.

   Counts are per thread, so the only concurrency is a signal handler running
   on the same thread.  Changing a count that stays non-zero is one atomic
   read-modify-write; the 0 <-> 1 transitions, which also make the system
   call, run with every signal blocked so that a handler never observes a
   count that disagrees with the kernel's view.  */
#include <errno.h>
#include <string.h>
#include <rseq/rseq.h>
#include "internal/export.h"
#include "internal/fatal.h"
#include "internal/process.h"
#include "internal/registration.h"
#include "internal/signals.h"
#include "internal/syscall.h"
#include "internal/thread-area.h"

namespace librseq {
namespace {

int some_thread_registered;	// set once, never cleared

// thread_references holds the users' count in its low bits and the hooks'
// reference in the top bit, so that one atomic word says both how many
// references there are and whether the thread is registered (non-zero).
constexpr unsigned int kHooksBit = 1U << 31;
constexpr unsigned int kUserMask = kHooksBit - 1;

// The count after one acquire (+1) or release (-1) by holder, or false when
// that is not allowed: a release without a reference, an overflow.
bool next_count(unsigned int count, Holder holder, int dir, unsigned int &next)
{
	if (holder == Holder::hooks) {
		if ((dir > 0) == !!(count & kHooksBit))
			return false;
		next = count ^ kHooksBit;
		return true;
	}
	const unsigned int users = count & kUserMask;
	if (dir > 0 ? users == kUserMask : users == 0)
		return false;
	next = dir > 0 ? count + 1 : count - 1;
	return true;
}

#ifdef RSEQ_SIG
// Registers thread_area.  Called with signals blocked and no reference held.
int register_area(const Process &p)
{
	struct rseq_abi &abi = thread_area.abi;

	// A non-negative cpu_id means the kernel already updates this area
	// (e.g. a fork child whose counts were copied); writing it now would
	// touch kernel-owned fields.
	if ((int32_t) RSEQ_READ_ONCE(abi.cpu_id) >= 0)
		return 0;
	memset(&thread_area, 0, sizeof(thread_area));
	abi.cpu_id = (uint32_t) RSEQ_ABI_CPU_ID_UNINITIALIZED;
	long ret = kernel_call(RSEQ_NR_rseq, &abi, p.registration_len, 0, RSEQ_SIG);
	if (ret == 0) {
		__atomic_store_n(&some_thread_registered, 1, __ATOMIC_RELAXED);
		return 0;
	}
	abi.cpu_id = (uint32_t) RSEQ_ABI_CPU_ID_REGISTRATION_FAILED;
	// Our area and length are valid by construction, and our area is not
	// registered (cpu_id < 0): EINVAL can only mean that another area is
	// registered on this thread.  (The kernel's EPERM and EBUSY concern the
	// area being registered already, so here they come from a sandbox.)
	if (ret == -EINVAL)
		return -EBUSY;
	if (__atomic_load_n(&some_thread_registered, __ATOMIC_RELAXED))
		fatal("rseq registration failed for a thread after others succeeded", (int) -ret);
	return (int) ret;
}

int unregister_area(const Process &p)
{
	long ret = kernel_call(RSEQ_NR_rseq, &thread_area.abi, p.registration_len,
			       RSEQ_ABI_FLAG_UNREGISTER, RSEQ_SIG);
	return (int) ret;
}
#else
int register_area(const Process &) { return -ENOSYS; }
int unregister_area(const Process &) { return -ENOSYS; }
#endif

// Applies one acquire or release.  Without a system call to make (libc owns
// the registration, or the count stays non-zero) it is a lock-free update;
// at the 0 <-> 1 edge it runs with signals blocked, making the system call.
int change_reference(Holder holder, int dir)
{
	const Process &p = process();
	unsigned int count = __atomic_load_n(&thread_references, __ATOMIC_RELAXED);
	unsigned int next;

	if (p.owner == Owner::none && dir > 0)
		return -p.unavailable_errno;
	for (;;) {
		if (!next_count(count, holder, dir, next))
			return dir > 0 ? -EOVERFLOW : -EINVAL;
		if (p.owner == Owner::librseq && (count == 0 || next == 0))
			break;
		if (__atomic_compare_exchange_n(&thread_references, &count, next, false,
						__ATOMIC_RELAXED, __ATOMIC_RELAXED))
			return 0;
	}

	SignalsBlocked blocked;
	count = thread_references;
	if (!next_count(count, holder, dir, next))
		return dir > 0 ? -EOVERFLOW : -EINVAL;
	if (count == 0) {
		if (int err = register_area(p))
			return err;
	} else if (next == 0) {
		if (int err = unregister_area(p))
			return err;
	}
	thread_references = next;
	return 0;
}

} // namespace

int acquire_thread_reference(Holder holder)
{
	return change_reference(holder, +1);
}

int release_thread_reference(Holder holder)
{
	return change_reference(holder, -1);
}

} // namespace librseq

extern "C" RSEQ_EXPORT int rseq_register_current_thread(void)
{
	return (int) librseq::set_errno_from(librseq::acquire_thread_reference(librseq::Holder::user));
}

extern "C" RSEQ_EXPORT int rseq_unregister_current_thread(void)
{
	return (int) librseq::set_errno_from(librseq::release_thread_reference(librseq::Holder::user));
}
