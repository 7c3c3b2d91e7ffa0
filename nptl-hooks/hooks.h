/* SPDX-License-Identifier: MIT */
/* The thread life cycle, as librseq sees it: the one sequence every thread
   goes through when librseq owns the registration.

   1. The thread that loads librseq registers from the library constructor
      (initial-thread.cpp).
   2. pthread_create() and thrd_create() are interposed (thread-create.cpp):
      when librseq owns the registration, the new thread starts in
      thread-start.cpp instead of the caller's routine, registers before
      anything else, then runs the caller's routine.
   3. However the thread ends (return, pthread_exit(), cancellation), its
      hooks' reference is released among its thread-specific data
      destructors, before its stack and TLS can be freed or reused.
   Otherwise (libc owns the registration, or nobody can register) the
   interposers call libc's functions straight through.  */
#ifndef LIBRSEQ_NPTL_HOOKS_H
#define LIBRSEQ_NPTL_HOOKS_H

namespace librseq {
namespace hooks {

// Called once from the library constructor, after the ownership decision,
// on the thread that loads librseq (the initial thread, or the one calling
// dlopen()).
void on_library_load();

// What a wrapped thread needs to start the caller's routine.  Allocated by
// the creating thread, freed by the new one.
struct ThreadStart {
	union {
		void *(*posix)(void *);
		int (*c11)(void *);
	} routine;
	void *arg;
};

// Sets up the release at thread exit; called once, before the first thread
// is wrapped.
void prepare_thread_exit();

// The start routines of wrapped threads; they take ownership of START.
void *start_posix_thread(void *start);
int start_c11_thread(void *start);

} // namespace hooks
} // namespace librseq

#endif
