/* SPDX-License-Identifier: MIT */
/* The thread that loads librseq is registered before any user of the library
   runs; the reference it takes belongs to the hooks and is never dropped (the
   thread's registration ends with the thread).  */
#include <errno.h>
#include "../librseq/internal/process.h"
#include "../librseq/internal/registration.h"
#include "hooks.h"

namespace librseq {
namespace hooks {

void on_library_load()
{
	if (process().owner != Owner::librseq)
		return;
	const int err = acquire_thread_reference(Holder::hooks);
	// EBUSY: some other code registered its own area on this thread first;
	// the thread simply is not ours.  Anything else, on the first thread,
	// means that no thread can register: all or nothing.
	if (err && err != -EBUSY)
		give_up_ownership(-err);
}

} // namespace hooks
} // namespace librseq
