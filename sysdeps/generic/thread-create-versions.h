/* SPDX-License-Identifier: MIT */
/* No interposition: without RSEQ_SIG for the architecture librseq never
   owns the registration, so it has no thread to register at creation.
   An architecture that gains RSEQ_SIG lists glibc's versions of
   pthread_create and thrd_create here, in its own directory (see
   sysdeps/x86_64/thread-create-versions.h).  */
#ifndef LIBRSEQ_SYSDEPS_THREAD_CREATE_VERSIONS_H
#define LIBRSEQ_SYSDEPS_THREAD_CREATE_VERSIONS_H

#define RSEQ_PTHREAD_CREATE_VERSIONS(X)
#define RSEQ_THRD_CREATE_VERSIONS(X)

#endif
