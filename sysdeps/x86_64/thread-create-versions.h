/* SPDX-License-Identifier: MIT */
/* x86_64: glibc's versions of pthread_create and thrd_create, which librseq
   interposes (see sysdeps/generic/thread-create-versions.h).  */
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
