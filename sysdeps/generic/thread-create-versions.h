/* SPDX-License-Identifier: MIT */
/* The versions under which glibc defines its thread-creation functions on
   an architecture.  librseq's interposers (nptl-hooks/thread-create.cpp)
   define each one, so that programs and libraries linked against any glibc
   bind to them; thread-create-versions.map beside this file declares the
   same version nodes.  RSEQ_PTHREAD_CREATE_VERSIONS(X) and
   RSEQ_THRD_CREATE_VERSIONS(X) expand X(index, "version") for each, with
   indexes counting from 0.

   Here, none: without RSEQ_SIG for the architecture librseq never owns the
   registration, so it has no thread to register at creation.  An
   architecture that gains RSEQ_SIG lists glibc's versions in its own
   directory, as sysdeps/x86_64/ does.  */
#ifndef LIBRSEQ_SYSDEPS_THREAD_CREATE_VERSIONS_H
#define LIBRSEQ_SYSDEPS_THREAD_CREATE_VERSIONS_H

#define RSEQ_PTHREAD_CREATE_VERSIONS(X)
#define RSEQ_THRD_CREATE_VERSIONS(X)

#endif
