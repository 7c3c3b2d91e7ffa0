/* SPDX-License-Identifier: MIT */
/* The thread life cycle, as librseq sees it: the one sequence every thread
   goes through when librseq owns the registration.  */
#ifndef LIBRSEQ_NPTL_HOOKS_H
#define LIBRSEQ_NPTL_HOOKS_H

namespace librseq {
namespace hooks {

// Called once from the library constructor, after the ownership decision,
// on the thread that loads librseq (the initial thread, or the one calling
// dlopen()).
void on_library_load();

} // namespace hooks
} // namespace librseq

#endif
