/* SPDX-License-Identifier: MIT */
/* The registration interface nptl-hooks and the public functions share.  */
#ifndef LIBRSEQ_INTERNAL_REGISTRATION_H
#define LIBRSEQ_INTERNAL_REGISTRATION_H

namespace librseq {

// Who holds a reference: users count; the thread hooks hold at most one, that
// users cannot release for them.
enum class Holder { user, hooks };

// Takes a reference on the calling thread's registration, registering the
// thread on the first one when librseq owns the registration.  0, or -errno:
// EBUSY when some other code registered its own area on this thread, the
// kernel's errno when nobody can register.  A registration failure after
// another thread succeeded is fatal (the process-wide all-or-nothing rule).
int acquire_thread_reference(Holder holder);

// Drops a reference; unregisters on the last when librseq registered.
// -EINVAL when the holder has none.
int release_thread_reference(Holder holder);

} // namespace librseq

#endif
