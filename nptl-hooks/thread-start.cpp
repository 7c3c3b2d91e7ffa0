/* SPDX-License-Identifier: MIT */
/* A thread created while librseq owns the registration: it registers before
   any user code runs, and releases the hooks' reference when it ends.

   The release runs as a thread-specific-data destructor.  glibc runs those
   in the exiting thread for every way a thread can end (its start routine
   returns, it calls pthread_exit(), it is cancelled: the last two unwind to
   the same place), after the C++ thread_local destructors (which may still
   rely on the area) and before the thread's stack, which holds its static
   TLS and so librseq's area, can be freed or given to another thread.  A
   cleanup handler would not do: librseq is built without exceptions, so
   pthread_cleanup_push() in C++ would be skipped by the forced unwinding
   of cancellation and pthread_exit().  */
#include <pthread.h>
#include <stdlib.h>
#include "../librseq/internal/registration.h"
#include "hooks.h"

namespace librseq {
namespace hooks {
namespace {

pthread_key_t exit_key;
bool exit_key_created;	// written once, before the first wrapped thread

void release_at_exit(void *)
{
	// The last reference unregisters the area; a reference some user still
	// holds keeps it registered until the thread is gone, which is safe:
	// the kernel stops writing to the area before glibc reuses the memory
	// (it waits for the kernel to clear the thread id).
	release_thread_reference(Holder::hooks);
}

void register_this_thread()
{
	// EBUSY: some other code got there first (another interposer's start
	// routine, say); the thread is not ours.  Any other failure after a
	// thread succeeded has already aborted (all or nothing); before any
	// succeeded, there is nothing to release.
	if (acquire_thread_reference(Holder::hooks) != 0)
		return;
	// Without the key (all PTHREAD_KEYS_MAX taken before librseq loaded)
	// the thread stays registered until it is gone: safe, as above.
	if (exit_key_created)
		pthread_setspecific(exit_key, &exit_key);
}

ThreadStart take(void *p)
{
	ThreadStart start = *static_cast<ThreadStart *>(p);

	free(p);
	return start;
}

} // namespace

void prepare_thread_exit()
{
	exit_key_created = pthread_key_create(&exit_key, release_at_exit) == 0;
}

void *start_posix_thread(void *p)
{
	register_this_thread();
	const ThreadStart start = take(p);
	return start.routine.posix(start.arg);
}

int start_c11_thread(void *p)
{
	register_this_thread();
	const ThreadStart start = take(p);
	return start.routine.c11(start.arg);
}

} // namespace hooks
} // namespace librseq
