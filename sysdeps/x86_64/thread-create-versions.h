/* SPDX-License-Identifier: MIT */
/* The versions under which glibc for x86_64 defines its thread-creation
   functions; librseq's interposers (nptl-hooks/thread-create.cpp) define
   each one, so that programs and libraries linked against any glibc bind
   to them.  thread-create-versions.map declares the same version nodes.
   X(index, version): indexes count from 0, in order.  */
#ifndef LIBRSEQ_SYSDEPS_THREAD_CREATE_VERSIONS_H
#define LIBRSEQ_SYSDEPS_THREAD_CREATE_VERSIONS_H

/* GLIBC_2.2.5: libpthread.so.0 before glibc 2.34; GLIBC_2.34: libc.so.6.  */
#define RSEQ_PTHREAD_CREATE_VERSIONS(X)	\
	X(0, "GLIBC_2.2.5")		\
	X(1, "GLIBC_2.34")

/* C11 threads: GLIBC_2.28 (libpthread.so.0), GLIBC_2.34 (libc.so.6).  */
#define RSEQ_THRD_CREATE_VERSIONS(X)	\
	X(0, "GLIBC_2.28")		\
	X(1, "GLIBC_2.34")

#endif
