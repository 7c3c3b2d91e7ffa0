/* SPDX-License-Identifier: MIT */
/* powerpc: glibc's versions of pthread_create and thrd_create, which librseq
   interposes (see sysdeps/generic/thread-create-versions.h); read off the
   C libraries of Debian's cross toolchains (readelf --dyn-syms).  */
#ifndef LIBRSEQ_SYSDEPS_THREAD_CREATE_VERSIONS_H
#define LIBRSEQ_SYSDEPS_THREAD_CREATE_VERSIONS_H

#if defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define RSEQ_PTHREAD_CREATE_VERSIONS(X)	\
	X(0, "GLIBC_2.17")	\
	X(1, "GLIBC_2.34")
#define RSEQ_THRD_CREATE_VERSIONS(X)	\
	X(0, "GLIBC_2.28")	\
	X(1, "GLIBC_2.34")
#elif defined(__powerpc64__)
#define RSEQ_PTHREAD_CREATE_VERSIONS(X)	\
	X(0, "GLIBC_2.3")	\
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
