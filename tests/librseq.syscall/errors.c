/* SPDX-License-Identifier: MIT */
/* errors LIBRSEQ_SO kernel|enosys: what the exported rseq() wrapper answers,
   case by case, on a thread that nobody registered.

   librseq would register the threads of a program it is linked into, so this
   program is not: it dlopen()s LIBRSEQ_SO and runs the checks on a thread of
   its own, which neither glibc (run it with glibc.pthread.rseq=0) nor a
   dlopen()ed librseq registers.  "kernel": the kernel has rseq and every
   error is the kernel's own; "enosys": it has none (a seccomp sandbox).  */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <rseq/rseq.h>
#include "check.h"

typedef int (*rseq_fn)(struct rseq_abi *, uint32_t, int, uint32_t);

static rseq_fn sys_rseq;

/* Two registrable areas (32 bytes at 32-byte alignment), and room to make a
   misaligned one.  Static: the kernel may write them as long as they are
   registered, whatever happens to the thread.  */
static struct rseq_abi areas[3];
#define AREA	(&areas[0])
#define OTHER	(&areas[1])
#define MISALIGNED ((struct rseq_abi *) ((char *) &areas[1] + 8))

/* The top of the address space: the kernel answers EFAULT rather than
   registering it.  (An unmapped user address would only fail when the kernel
   first writes the area, killing the thread, on kernels that do not write it
   while registering.)  */
#define KERNEL_ADDRESS ((struct rseq_abi *) (uintptr_t) -(intptr_t) sizeof(struct rseq_abi))

/* Unknown to every kernel so far.  */
#define UNKNOWN_FLAG (1 << 30)

static void expect_error(int want, const char *want_name, const char *what,
			 struct rseq_abi *area, uint32_t len, int flags, uint32_t sig)
{
	errno = 0;
	const int ret = sys_rseq(area, len, flags, sig);
	const int err = errno;

	if (!check(ret == -1 && err == want, "%s: -1, %s", what, want_name))
		note("%s: got %d, %s", what, ret, ret ? strerror(err) : "no error");
}
#define EXPECT(err, what, ...) expect_error(err, #err, what, __VA_ARGS__)

/* Registering must make the kernel fill cpu_id; unregistering must make it
   reset cpu_id to -1.  */
static void expect_success(const char *what, struct rseq_abi *area, int flags)
{
	errno = 0;
	const int ret = sys_rseq(area, sizeof(*area), flags, RSEQ_SIG);
	const int err = errno;
	const int32_t cpu = (int32_t) RSEQ_READ_ONCE(area->cpu_id);
	const bool unregister = flags & RSEQ_ABI_FLAG_UNREGISTER;
	const bool cpu_ok = unregister ? cpu == RSEQ_ABI_CPU_ID_UNINITIALIZED : cpu >= 0;

	if (!check(ret == 0 && cpu_ok, "%s: 0, then cpu_id %s", what, unregister ? "-1" : ">= 0"))
		note("%s: got %d, %s; cpu_id %d", what, ret, ret ? strerror(err) : "no error", cpu);
}

static void kernel_errors(void)
{
	const int sig = (int) RSEQ_SIG;

	plan(13);
	AREA->cpu_id = (uint32_t) RSEQ_ABI_CPU_ID_UNINITIALIZED;
	EXPECT(EINVAL, "probe rseq(NULL, 0, 0, 0)", NULL, 0, 0, 0);
	EXPECT(EINVAL, "unknown flag bit", AREA, 32, UNKNOWN_FLAG, sig);
	EXPECT(EINVAL, "misaligned area", MISALIGNED, 32, 0, sig);
	EXPECT(EINVAL, "length 28, below 32", AREA, 28, 0, sig);
	EXPECT(EFAULT, "area at the top of the address space", KERNEL_ADDRESS, 32, 0, sig);
	expect_success("register", AREA, 0);
	EXPECT(EBUSY, "identical registration again", AREA, 32, 0, sig);
	EXPECT(EPERM, "same area and length, other signature", AREA, 32, 0, sig + 1);
	EXPECT(EINVAL, "another area", OTHER, 32, 0, sig);
	EXPECT(EPERM, "unregister with another signature", AREA, 32, RSEQ_ABI_FLAG_UNREGISTER,
	       sig + 1);
	EXPECT(EINVAL, "unregister another area", OTHER, 32, RSEQ_ABI_FLAG_UNREGISTER, sig);
	expect_success("unregister", AREA, RSEQ_ABI_FLAG_UNREGISTER);
	EXPECT(EINVAL, "unregister again", AREA, 32, RSEQ_ABI_FLAG_UNREGISTER, sig);
}

static void enosys_errors(void)
{
	plan(3);
	EXPECT(ENOSYS, "probe rseq(NULL, 0, 0, 0)", NULL, 0, 0, 0);
	EXPECT(ENOSYS, "register", AREA, 32, 0, RSEQ_SIG);
	EXPECT(ENOSYS, "unregister", AREA, 32, RSEQ_ABI_FLAG_UNREGISTER, RSEQ_SIG);
}

static void *run(void *arg)
{
	if (!strcmp(arg, "enosys"))
		enosys_errors();
	else
		kernel_errors();
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t tid;

	REQUIRE(argc == 3);
	void *lib = REQUIRE_DLOPEN(argv[1], RTLD_NOW | RTLD_LOCAL);
	sys_rseq = (rseq_fn) dlsym(lib, "rseq");
	REQUIRE(sys_rseq != NULL);
	REQUIRE(pthread_create(&tid, NULL, run, argv[2]) == 0);
	REQUIRE(pthread_join(tid, NULL) == 0);
	return 0;
}
