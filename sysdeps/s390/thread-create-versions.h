/* SPDX-License-Identifier: MIT */
/* s390: glibc's versions of pthread_create and thrd_create, which librseq
   interposes (see sysdeps/generic/thread-create-versions.h); read off the
   C libraries of Debian's cross toolchains (readelf --dyn-syms).  */
#ifndef LIBRSEQ_SYSDEPS_THREAD_CREATE_VERSIONS_H
#define LIBRSEQ_SYSDEPS_THREAD_CREATE_VERSIONS_H

#if defined(__s390x__)
#define RSEQ_PTHREAD_CREATE_VERSIONS(X)	\
	X(0, "GLIBC_2.2")	\
	X(1, "GLIBC_2.34")
#define RSEQ_THRD_CREATE_VERSIONS(X)	\
	X(0, "GLIBC_2.28")	\
	X(1, "GLIBC_2.34")
#else
#define RSEQ_PTHREAD_CREATE_VERSIONS(X)	\
	X(0, "GLIBC_2.0")	\
	X(1, "GLIBC_2.1")	\
	X(2, "GLIBC_2.34")
#define RSEQ_THRD_CREATE_VERSIONS(X)	\
	X(0, "GLIBC_2.28")	\
	X(1, "GLIBC_2.34")
#endif

#endif
