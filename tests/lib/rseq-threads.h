/* SPDX-License-Identifier: MIT */
/* Helpers for the thread life-cycle tests (groups hooks, sharing,
   lifecycle): the expected ownership mode from the command line, reading a
   thread's cpu_id without calling librseq, and creating a thread that
   librseq's pthread_create interposer does not see.  */
#ifndef LIBRSEQ_TESTS_RSEQ_THREADS_H
#define LIBRSEQ_TESTS_RSEQ_THREADS_H

#include <dlfcn.h>
#include <gnu/lib-names.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <rseq/rseq.h>
#include "check.h"

/* The mode a test runs in, given as its first argument: "libc" (glibc owns
   the registration) or "librseq".  */
static inline bool librseq_mode(int argc, char **argv)
{
	REQUIRE(argc >= 2 && (!strcmp(argv[1], "libc") || !strcmp(argv[1], "librseq")));
	return !strcmp(argv[1], "librseq");
}

/* The calling thread's cpu_id, from the area at thread pointer + OFFSET:
   one load, no function call (usable as the first statement of a thread,
   and in programs that do not link librseq).  */
static inline int32_t cpu_id_at(ptrdiff_t offset)
{
	const struct rseq_abi *abi =
		(const struct rseq_abi *) ((uintptr_t) rseq_thread_pointer() + offset);

	return (int32_t) RSEQ_READ_ONCE(abi->cpu_id);
}

typedef int (*pthread_create_fn)(pthread_t *, const pthread_attr_t *,
				 void *(*)(void *), void *);

/* The C library's own pthread_create(), found in libc itself rather than
   through the lookup scope, where librseq comes first: a thread it creates
   starts unregistered when librseq owns the registration, as one created by
   clone() or before librseq was loaded would.  */
static inline int create_unhooked_thread(pthread_t *thread, void *(*routine)(void *), void *arg)
{
	static pthread_create_fn libc_create;

	if (!libc_create) {
		void *libc = dlopen(LIBC_SO, RTLD_LAZY | RTLD_NOLOAD);

		REQUIRE(libc != NULL);
		libc_create = (pthread_create_fn) dlsym(libc, "pthread_create");
		REQUIRE(libc_create != NULL);
	}
	return libc_create(thread, NULL, routine, arg);
}

#endif
