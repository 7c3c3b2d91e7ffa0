/* SPDX-License-Identifier: MIT */
/* pthread_create() and thrd_create(), interposed, so that every new thread
   is registered before it runs user code when librseq owns the
   registration.  When it does not, the interposers only call libc's
   function: one load and a branch.

   The definitions carry glibc's own symbol versions for this architecture
   (<thread-create-versions.h>), one definition per version: ld.so binds a
   reference to pthread_create@GLIBC_2.34 only to a definition of that
   version, and the first one in the lookup scope wins, so librseq.so
   interposes wherever it comes before libc (linked by the program, or
   LD_PRELOADed).  They are not default versions, so that programs linked
   against librseq still bind to libc's definition at link time, and so
   that a static link, which knows nothing of versions, never takes them
   for libc's (this object is then simply not linked in).  Each calls the
   next definition of its own version: the GLIBC_2.0 pthread_create of
   i386 takes the old pthread_attr_t, and must reach glibc's GLIBC_2.0
   one.  */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <threads.h>
#include <rseq/rseq.h>
#include <thread-create-versions.h>
#include "../librseq/internal/export.h"
#include "../librseq/internal/fatal.h"
#include "../librseq/internal/process.h"
#include "hooks.h"

namespace librseq {
namespace hooks {
namespace {

using PthreadCreate = int (*)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
using ThrdCreate = int (*)(thrd_t *, thrd_start_t, void *);

#define LIBRSEQ_VERSION_NAME(index, version) version,
constexpr const char *pthread_create_versions[] = {
	RSEQ_PTHREAD_CREATE_VERSIONS(LIBRSEQ_VERSION_NAME) nullptr
};
constexpr const char *thrd_create_versions[] = {
	RSEQ_THRD_CREATE_VERSIONS(LIBRSEQ_VERSION_NAME) nullptr
};
#undef LIBRSEQ_VERSION_NAME
constexpr unsigned int kPthreadVersions = sizeof(pthread_create_versions) / sizeof(char *) - 1;
constexpr unsigned int kThrdVersions = sizeof(thrd_create_versions) / sizeof(char *) - 1;

enum class Mode : int {
	unknown,	// before preparation
	pass_through,	// libc or nobody owns the registration
	wrap,		// librseq owns it: new threads start in thread-start.cpp
};

// An int under the enum: the __atomic built-ins take integers and pointers
// only (clang refuses an enum).
int mode;
PthreadCreate real_pthread_create[kPthreadVersions + 1];
ThrdCreate real_thrd_create[kThrdVersions + 1];
pthread_once_t prepared = PTHREAD_ONCE_INIT;

// Stands for a version the C library lacks (a program cannot reference it,
// but a bug can).
int missing_pthread_create(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *)
{
	fatal("pthread_create: no such version in the C library", ENOSYS);
}

int missing_thrd_create(thrd_t *, thrd_start_t, void *)
{
	fatal("thrd_create: no such version in the C library", ENOSYS);
}

template <typename Function>
void resolve(const char *name, const char *const versions[], unsigned int n,
	     Function table[], Function missing)
{
	for (unsigned int i = 0; i < n; i++) {
		// RTLD_NEXT: the definition after librseq's in the lookup
		// order, libc's (or another interposer's, which then chains).
		void *f = dlvsym(RTLD_NEXT, name, versions[i]);

		table[i] = f ? reinterpret_cast<Function>(f) : missing;
	}
}

// dlvsym() takes ld.so's lock and may allocate: done once, from the
// constructor, or from the first interposed call if another library's
// constructor creates a thread before librseq's ran.
void prepare()
{
	resolve("pthread_create", pthread_create_versions, kPthreadVersions,
		real_pthread_create, missing_pthread_create);
	resolve("thrd_create", thrd_create_versions, kThrdVersions, real_thrd_create,
		missing_thrd_create);
	const bool wrap = process().owner == Owner::librseq;
	if (wrap)
		prepare_thread_exit();
	// Release: a thread that sees the mode sees the tables and the key.
	__atomic_store_n(&mode, static_cast<int>(wrap ? Mode::wrap : Mode::pass_through),
			 __ATOMIC_RELEASE);
}

// After the ownership decision and the initial thread's registration
// (priority 101, librseq/init.cpp), which may give the ownership up.
__attribute__((constructor(102))) void on_load()
{
	pthread_once(&prepared, prepare);
}

// The mode, once prepared.
Mode prepared_mode()
{
	pthread_once(&prepared, prepare);
	return static_cast<Mode>(__atomic_load_n(&mode, __ATOMIC_ACQUIRE));
}

bool passing_through()
{
	return __atomic_load_n(&mode, __ATOMIC_ACQUIRE) == static_cast<int>(Mode::pass_through);
}

ThreadStart *new_thread_start(void *arg)
{
	// The creating thread allocates, the new one frees as soon as it has
	// read it: pthread_create() allocates anyway, and handing the record
	// over on the creator's stack would make the creator wait for the new
	// thread to be scheduled.
	ThreadStart *start = static_cast<ThreadStart *>(malloc(sizeof(ThreadStart)));

	if (start)
		start->arg = arg;
	return start;
}

__attribute__((noinline)) int wrap_pthread(unsigned int version, pthread_t *thread,
					   const pthread_attr_t *attr,
					   void *(*routine)(void *), void *arg)
{
	const Mode m = prepared_mode();
	const PthreadCreate real = real_pthread_create[version];

	if (m == Mode::pass_through)
		return real(thread, attr, routine, arg);
	ThreadStart *start = new_thread_start(arg);
	if (!start)
		return EAGAIN;
	start->routine.posix = routine;
	const int err = real(thread, attr, start_posix_thread, start);
	if (err)
		free(start);
	return err;
}

__attribute__((noinline)) int wrap_thrd(unsigned int version, thrd_t *thread,
					thrd_start_t routine, void *arg)
{
	const Mode m = prepared_mode();
	const ThrdCreate real = real_thrd_create[version];

	if (m == Mode::pass_through)
		return real(thread, routine, arg);
	ThreadStart *start = new_thread_start(arg);
	if (!start)
		return thrd_nomem;
	start->routine.c11 = routine;
	const int err = real(thread, start_c11_thread, start);
	if (err != thrd_success)
		free(start);
	return err;
}

// The whole cost when librseq does not own the registration.
inline int create_pthread(unsigned int version, pthread_t *thread, const pthread_attr_t *attr,
			  void *(*routine)(void *), void *arg)
{
	if (rseq_likely(passing_through()))
		return real_pthread_create[version](thread, attr, routine, arg);
	return wrap_pthread(version, thread, attr, routine, arg);
}

inline int create_thrd(unsigned int version, thrd_t *thread, thrd_start_t routine, void *arg)
{
	if (rseq_likely(passing_through()))
		return real_thrd_create[version](thread, routine, arg);
	return wrap_thrd(version, thread, routine, arg);
}

} // namespace
} // namespace hooks
} // namespace librseq

// The versioned entry points.  Their own names are local (librseq.map ends
// with "local: *"); only the versioned aliases are exported.
#define LIBRSEQ_DEFINE_PTHREAD_CREATE(index, version)					\
	extern "C" RSEQ_EXPORT int librseq_pthread_create_##index(			\
		pthread_t *thread, const pthread_attr_t *attr,				\
		void *(*routine)(void *), void *arg)					\
	{										\
		return librseq::hooks::create_pthread(index, thread, attr, routine, arg); \
	}										\
	__asm__(".symver librseq_pthread_create_" #index ", pthread_create@" version);
#define LIBRSEQ_DEFINE_THRD_CREATE(index, version)					\
	extern "C" RSEQ_EXPORT int librseq_thrd_create_##index(			\
		thrd_t *thread, thrd_start_t routine, void *arg)			\
	{										\
		return librseq::hooks::create_thrd(index, thread, routine, arg);	\
	}										\
	__asm__(".symver librseq_thrd_create_" #index ", thrd_create@" version);

RSEQ_PTHREAD_CREATE_VERSIONS(LIBRSEQ_DEFINE_PTHREAD_CREATE)
RSEQ_THRD_CREATE_VERSIONS(LIBRSEQ_DEFINE_THRD_CREATE)
