/* SPDX-License-Identifier: MIT */
/* dlopen LIBRSEQ_SO libc|librseq: librseq loaded at run time into a program
   that does not link it, with a thread that existed before.  The owner
   decided in dlopen() is the expected one, the published offset and size are
   right, the loading thread is registered when dlopen() returns, the older
   thread can register, and dlclose() leaves the library (whose TLS the kernel
   writes) in place.  Only <rseq/rseq.h>'s types and inline thread pointer
   are used: every librseq symbol comes from dlsym().  */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <rseq/rseq.h>
#include "check.h"

static const ptrdiff_t *offset;
static int (*owner)(void);
static int (*register_thread)(void);
static int (*unregister_thread)(void);
static bool libc_owned;
static pthread_barrier_t loaded;

static int32_t raw_cpu(void)
{
	const struct rseq_abi *abi =
		(const struct rseq_abi *) ((uintptr_t) rseq_thread_pointer() + *offset);

	return (int32_t) RSEQ_READ_ONCE(abi->cpu_id);
}

static void *lookup(void *lib, const char *name)
{
	void *p = dlsym(lib, name);

	if (!p)
		note("dlsym(%s): %s", name, dlerror());
	REQUIRE(p != NULL);
	return p;
}

/* The kernel's answer, without rseq.  */
static int32_t getcpu_syscall(void)
{
	unsigned int cpu;

	REQUIRE(syscall(SYS_getcpu, &cpu, NULL, NULL) == 0);
	return (int32_t) cpu;
}

/* The current CPU cannot change under a check.  */
static void pin_to_current_cpu(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(getcpu_syscall(), &set);
	REQUIRE(sched_setaffinity(0, sizeof(set), &set) == 0);
}

/* Started before the dlopen(): glibc put librseq's TLS in it during
   dlopen(), but only glibc can have registered it.  */
static void *older_thread(void *arg)
{
	(void) arg;
	pthread_barrier_wait(&loaded);
	const int32_t before = raw_cpu();
	check(libc_owned ? before >= 0 : before == RSEQ_ABI_CPU_ID_UNINITIALIZED,
	      "a thread older than the dlopen() starts %s",
	      libc_owned ? "registered by glibc" : "unregistered");
	const int r = register_thread();
	const int32_t cpu = raw_cpu();
	check(r == 0 && cpu == getcpu_syscall(),
	      "it registers with rseq_register_current_thread(): 0, cpu_id is its CPU");
	if (r)
		note("register: %d (%s), cpu_id %d", r, strerror(errno), cpu);
	check(unregister_thread() == 0 && (raw_cpu() >= 0) == libc_owned,
	      "and unregisters: 0, %s", libc_owned ? "glibc's registration stays"
						 : "cpu_id negative again");
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t older;

	REQUIRE(argc == 3);
	libc_owned = !strcmp(argv[2], "libc");
	const int want_owner = libc_owned ? RSEQ_OWNER_LIBC : RSEQ_OWNER_LIBRSEQ;
	const unsigned long feature = getauxval(27);	/* AT_RSEQ_FEATURE_SIZE */
	const unsigned int active = feature < 32 ? (unsigned int) feature : 32;

	plan(10);
	pin_to_current_cpu();
	REQUIRE(pthread_barrier_init(&loaded, NULL, 2) == 0);
	REQUIRE(pthread_create(&older, NULL, older_thread, NULL) == 0);

	void *lib = REQUIRE_DLOPEN(argv[1], RTLD_NOW | RTLD_LOCAL);
	owner = (int (*)(void)) lookup(lib, "rseq_owner");
	register_thread = (int (*)(void)) lookup(lib, "rseq_register_current_thread");
	unregister_thread = (int (*)(void)) lookup(lib, "rseq_unregister_current_thread");
	offset = lookup(lib, "rseq_offset");
	const unsigned int *size = lookup(lib, "rseq_size");

	check(owner() == want_owner, "rseq_owner() is %s", argv[2]);
	if (!check(*size == active, "rseq_size is %u", active))
		note("rseq_size %u", *size);
	if (libc_owned) {
		const ptrdiff_t *libc_offset = dlsym(RTLD_DEFAULT, "__rseq_offset");
		check(libc_offset && *offset == *libc_offset, "rseq_offset is glibc's __rseq_offset");
	} else {
		check(((uintptr_t) rseq_thread_pointer() + *offset) % 32 == 0,
		      "librseq's area is 32-byte aligned");
	}
	const int32_t cpu = raw_cpu();
	if (!check(cpu == getcpu_syscall(),
		   "the thread that called dlopen() is registered: cpu_id is its CPU"))
		note("cpu_id %d, getcpu %d", cpu, getcpu_syscall());

	pthread_barrier_wait(&loaded);
	REQUIRE(pthread_join(older, NULL) == 0);

	check(dlclose(lib) == 0, "dlclose()");
	void *again = dlopen(argv[1], RTLD_NOW | RTLD_NOLOAD);
	check(again != NULL, "librseq is still loaded after dlclose() (-z nodelete)");
	/* Its code and the area the kernel writes on every return to user
	   space: still there.  */
	sched_yield();
	check(owner() == want_owner && raw_cpu() >= 0,
	      "after dlclose(): rseq_owner() answers, the area is still registered");
	if (again)
		dlclose(again);
	return 0;
}
