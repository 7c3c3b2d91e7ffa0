/* SPDX-License-Identifier: MIT */
/* i386: glibc's versions of pthread_create and thrd_create, which librseq
   interposes (see sysdeps/generic/thread-create-versions.h).  */
#ifndef LIBRSEQ_SYSDEPS_THREAD_CREATE_VERSIONS_H
#define LIBRSEQ_SYSDEPS_THREAD_CREATE_VERSIONS_H

/* GLIBC_2.0: the original ABI, whose pthread_attr_t was smaller (glibc
   converts it; each version must reach its own definition).  GLIBC_2.1:
   libpthread.so.0 until glibc 2.34; GLIBC_2.34: libc.so.6.  */
#define RSEQ_PTHREAD_CREATE_VERSIONS(X)	\
	X(0, "GLIBC_2.0")		\
	X(1, "GLIBC_2.1")		\
	X(2, "GLIBC_2.34")

/* C11 threads: GLIBC_2.28 (libpthread.so.0), GLIBC_2.34 (libc.so.6).  */
#define RSEQ_THRD_CREATE_VERSIONS(X)	\
	X(0, "GLIBC_2.28")		\
	X(1, "GLIBC_2.34")

#endif
