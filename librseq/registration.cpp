/* SPDX-License-Identifier: MIT */
/* Reference-counted registration of the calling thread.

   Counts are per thread, so the only concurrency is a signal handler running
   on the same thread, which runs to completion before the code it
   interrupted continues.  Changing a count that stays non-zero is one
   atomic read-modify-write.  The 0 <-> 1 transitions also make the system
   call; rather than block signals around them (two more system calls each,
   on every thread's creation and exit), the call that starts a transition
   marks the count, and reconciles the kernel with the count until no
   handler changed the count behind it:

   - a handler that finds a transition under way takes or drops its
     reference without finishing the transition, and says so with a second
     mark; taking one first makes sure the area is registered (registering
     twice is harmless: the kernel says EBUSY for the same area, length and
     signature);
   - the owner of the transition clears that second mark, registers or
     unregisters according to the count it then reads, and clears its own
     mark with a compare-and-swap that fails, and makes it look again, if
     a handler ran in between.  The second mark is what tells: a handler
     that registered the area again and dropped its reference leaves the
     count itself as it was.

   So at every point where user code (or a handler) runs outside these
   functions, the thread holds references if and only if its area is
   registered.  (Except after a fork() made by a handler that interrupted
   a transition: the child's count keeps a mark that nobody will clear, and
   its thread then stays registered once registered.  Safe, if wasteful.)
   When the area is the protocol's __rseq_abi, code outside librseq also
   counts references in __rseq_refcount, and the area stays registered
   while it does (see take_area()).  Whether the kernel has the area
   registered is read from cpu_id: the kernel sets it when registering,
   before returning to user space, and resets it to -1 when
   unregistering.  */
#include <errno.h>
#include <rseq/rseq.h>
#include "internal/export.h"
#include "internal/fatal.h"
#include "internal/process.h"
#include "internal/registration.h"
#include "internal/syscall.h"
#include "internal/thread-area.h"

namespace librseq {
namespace {

int some_thread_registered;	// set once, never cleared

// thread_references holds the users' count in its low bits, the hooks'
// reference in the top bit, and the two marks of a transition below it:
// one atomic word says how many references there are, whether the thread
// is registered (a reference is held), and whether that is being changed.
constexpr unsigned int kHooksBit = 1U << 31;
constexpr unsigned int kTransitionBit = 1U << 30;	// owned by one call
constexpr unsigned int kHandlerBit = 1U << 29;		// a handler acted meanwhile
constexpr unsigned int kUserMask = kHandlerBit - 1;

bool holds_references(unsigned int count)
{
	return (count & (kHooksBit | kUserMask)) != 0;
}

// The count after one acquire (+1) or release (-1) by holder, or false when
// that is not allowed: a release without a reference, an overflow.  The
// transition marks are kept as they are.
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

int refused(int dir)
{
	return dir > 0 ? -EOVERFLOW : -EINVAL;
}

bool compare_exchange(unsigned int &expected, unsigned int desired)
{
	return __atomic_compare_exchange_n(&thread_references, &expected, desired, false,
					   __ATOMIC_RELAXED, __ATOMIC_RELAXED);
}

struct rseq_abi &area(const Process &p)
{
	return *(struct rseq_abi *) ((char *) rseq_thread_pointer() + p.area_offset);
}

#ifdef RSEQ_SIG
bool area_registered(const Process &p)
{
	return (int32_t) RSEQ_READ_ONCE(area(p).cpu_id) >= 0;
}

// Makes the kernel update the area, if it does not already (a fork child
// whose counts were copied, a handler that got there first).
int ensure_registered(const Process &p)
{
	struct rseq_abi &abi = area(p);

	if (area_registered(p))
		return 0;
	// A clean start, through the fields user space owns only: a handler
	// interrupting us may register the area between these stores and the
	// call, and the kernel owns the others from then on (it sets the CPU
	// fields itself when registering).
	RSEQ_WRITE_ONCE(abi.rseq_cs.ptr64, 0);
	RSEQ_WRITE_ONCE(abi.flags, 0);
	RSEQ_WRITE_ONCE(abi.slice_ctrl.bits.request, 0);
	long ret = kernel_call(RSEQ_NR_rseq, &abi, p.registration_len, 0, RSEQ_SIG);
	// EBUSY: this very area, length and signature are registered, by a
	// handler that interrupted us after the check above (unless a sandbox
	// made the answer up, and then the area is not updated).
	if (ret == 0 || (ret == -EBUSY && area_registered(p))) {
		__atomic_store_n(&some_thread_registered, 1, __ATOMIC_RELAXED);
		thread_registered_elsewhere = false;
		return 0;
	}
	// Not registered, so cpu_id is ours to write.
	RSEQ_WRITE_ONCE(abi.cpu_id, (uint32_t) RSEQ_ABI_CPU_ID_REGISTRATION_FAILED);
	// Our area and length are valid by construction, and our area is not
	// registered: EINVAL can only mean that another area is registered on
	// this thread.  (The kernel's EPERM concerns our area being registered
	// with another signature, so it comes from a sandbox.)
	if (ret == -EINVAL) {
		thread_registered_elsewhere = true;
		return -EBUSY;
	}
	if (__atomic_load_n(&some_thread_registered, __ATOMIC_RELAXED))
		fatal("rseq registration failed for a thread after others succeeded", (int) -ret);
	return (int) ret;
}

int ensure_unregistered(const Process &p)
{
	if (!area_registered(p))
		return 0;
	return (int) kernel_call(RSEQ_NR_rseq, &area(p), p.registration_len,
				 RSEQ_ABI_FLAG_UNREGISTER, RSEQ_SIG);
}
#else
int ensure_registered(const Process &) { return -ENOSYS; }
int ensure_unregistered(const Process &) { return 0; }
#endif

// The protocol's count, __rseq_refcount, holds one for all of librseq's
// references, added once the area is registered and removed before it is
// unregistered: whoever finds it non-zero may use the area.  Participants
// change it with plain increments, from signal handlers too, so it is only
// ever changed by one read-modify-write, and its value is read again after
// each system call.
void count_in_protocol(int dir)
{
	__atomic_add_fetch(&__rseq_refcount, (uint32_t) dir, __ATOMIC_RELAXED);
}

// Whether librseq's one reference in __rseq_refcount was there, now that it
// is said to be (COUNTED) or not.  One exchange, so that a handler that
// interrupts take_area() or leave_area() either sees the change and leaves
// the count alone, or makes it itself and the interrupted call does not.
bool exchange_counted(bool counted)
{
	return __atomic_exchange_n(&thread_counted_in_protocol, counted ? 1u : 0u,
				   __ATOMIC_SEQ_CST) != 0;
}

uint32_t protocol_count()
{
	return __atomic_load_n(&__rseq_refcount, __ATOMIC_RELAXED);
}

int take_area(const Process &p)
{
	int err = ensure_registered(p);

	if (err || !p.area_is_protocol || exchange_counted(true))
		return err;
	count_in_protocol(+1);
	// A participant in a handler may have found the count at zero just
	// before, registered the area again (EBUSY, which it may take for
	// success) and unregistered it with its last reference.
	err = ensure_registered(p);
	if (err && exchange_counted(false))
		count_in_protocol(-1);
	return err;
}

int leave_area(const Process &p)
{
	if (!p.area_is_protocol)
		return ensure_unregistered(p);
	if (exchange_counted(false))
		count_in_protocol(-1);
	// Participants still holding references keep the area registered; one
	// that came in a handler meanwhile, found the count at zero and
	// registered it (or found it still registered) is honoured too.
	for (;;) {
		const uint32_t before = protocol_count();
		const int err = before ? ensure_registered(p) : ensure_unregistered(p);

		if (protocol_count() == before)
			return before ? 0 : err;
	}
}

// Finishes a 0 <-> 1 transition this call marked, applying its own acquire
// or release (which a handler may have made impossible: two releases of
// the last user reference, one of them in a handler).
int finish_transition(const Process &p, Holder holder, int dir)
{
	unsigned int count = __atomic_load_n(&thread_references, __ATOMIC_RELAXED);

	for (;;) {
		if ((count & kHandlerBit) && !compare_exchange(count, count & ~kHandlerBit))
			continue;
		count &= ~kHandlerBit;
		unsigned int next;
		const bool allowed = next_count(count, holder, dir, next);
		const unsigned int target = allowed ? next : count;
		const int err = holds_references(target) ? take_area(p) : leave_area(p);
		// On failure the count stays as it was, which the kernel's state
		// matches: handlers only add references once the area is
		// registered, and nothing was unregistered.
		const unsigned int settled = (err ? count : target) & ~kTransitionBit;
		if (compare_exchange(count, settled))
			return err ? err : allowed ? 0 : refused(dir);
	}
}

// Applies one acquire or release.
int change_reference(Holder holder, int dir)
{
	const Process &p = process();
	unsigned int count = __atomic_load_n(&thread_references, __ATOMIC_RELAXED);
	unsigned int next;

	if (p.owner == Owner::none && dir > 0)
		return -p.unavailable_errno;
	for (;;) {
		if (!next_count(count, holder, dir, next))
			return refused(dir);
		if (p.owner != Owner::librseq) {
			if (compare_exchange(count, next))
				return 0;
		} else if (count & kTransitionBit) {
			// We interrupted the owner of a transition, which may
			// already have unregistered the area while still counting
			// its reference: leave it to finish, with the area
			// registered if we take a reference.
			if (dir > 0) {
				if (int err = take_area(p))
					return err;
			}
			if (compare_exchange(count, next | kHandlerBit))
				return 0;
		} else if (holds_references(count) == holds_references(next)) {
			if (compare_exchange(count, next))
				return 0;
		} else if (compare_exchange(count, count | kTransitionBit)) {
			return finish_transition(p, holder, dir);
		}
	}
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
