/* SPDX-License-Identifier: MIT */
/* ownership EXPECTED [ERRNO]: the process-wide decision and the calling
   thread's registration, for EXPECTED = libc | librseq | none (with the errno
   registration must report, by name, when none).  */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/auxv.h>
#include <rseq/rseq.h>
#include "check.h"

static int owner_of(const char *name)
{
	if (!strcmp(name, "libc"))
		return RSEQ_OWNER_LIBC;
	if (!strcmp(name, "librseq"))
		return RSEQ_OWNER_LIBRSEQ;
	return RSEQ_OWNER_NONE;
}

static unsigned int kernel_feature_size(void)
{
	unsigned long v = getauxval(27);	/* AT_RSEQ_FEATURE_SIZE */
	return v ? (unsigned int) v : 20;
}

int main(int argc, char **argv)
{
	REQUIRE(argc >= 2);
	const int want = owner_of(argv[1]);
	const int want_errno = argc > 2 && !strcmp(argv[2], "EPERM") ? EPERM : ENOSYS;
	const unsigned int feature = kernel_feature_size();
	const unsigned int active = feature < 32 ? feature : 32;

	plan(want == RSEQ_OWNER_NONE ? 12 : 15);
	check(rseq_owner() == want, "rseq_owner() is %s (got %d)", argv[1], rseq_owner());
	check(rseq_available(RSEQ_AVAILABLE_QUERY_LIBC) == (want == RSEQ_OWNER_LIBC),
	      "rseq_available(LIBC) says whether libc owns the registration");
	check(rseq_available(RSEQ_AVAILABLE_QUERY_KERNEL) == (want != RSEQ_OWNER_NONE),
	      "rseq_available(KERNEL) says whether rseq can be used");
	errno = 0;
	check(!rseq_available(42) && errno == EINVAL, "rseq_available(42): false, EINVAL");
	check(rseq_flags == 0, "rseq_flags is 0");

	switch (want) {
	case RSEQ_OWNER_LIBC: {
		const ptrdiff_t *libc_offset = dlsym(RTLD_DEFAULT, "__rseq_offset");
		check_why(libc_offset && rseq_offset == *libc_offset,
			  "rseq_offset is libc's __rseq_offset", "%td", rseq_offset);
		check(rseq_size == active, "rseq_size is %u (got %u)", active, rseq_size);
		break;
	}
	case RSEQ_OWNER_LIBRSEQ:
		check_why(((uintptr_t) rseq_get_abi() & 31) == 0, "librseq's area is 32-byte aligned",
			  "%p", (void *) rseq_get_abi());
		check(rseq_size == active, "rseq_size is %u (got %u)", active, rseq_size);
		break;
	default:
		check(rseq_size == 0, "rseq_size is 0 (got %u)", rseq_size);
		break;
	}

	const int32_t raw = rseq_current_cpu_raw();
	const int cpu = sched_getcpu();
	if (want == RSEQ_OWNER_NONE) {
		check_why(raw == RSEQ_ABI_CPU_ID_REGISTRATION_FAILED,
			  "raw cpu reads -2, registration failed", "got %d", raw);
	} else {
		check_why(raw >= 0, "the initial thread is registered", "raw cpu %d", raw);
		check(rseq_current_mm_cid() == 0, "the only thread has mm_cid 0 (got %u)",
		      rseq_current_mm_cid());
	}
	check_why(rseq_current_cpu() >= 0 && rseq_sched_getcpu() >= 0 && cpu >= 0,
		  "rseq_current_cpu() and rseq_sched_getcpu() answer", "%d, %d",
		  rseq_current_cpu(), rseq_sched_getcpu());

	/* Reference counting on this thread.  */
	int ok = 1;
	errno = 0;
	for (int i = 0; i < 3; i++) {
		int r = rseq_register_current_thread();
		if (want == RSEQ_OWNER_NONE)
			ok &= r == -1 && errno == want_errno;
		else
			ok &= r == 0 && rseq_current_cpu_raw() >= 0;
	}
	check(ok, want == RSEQ_OWNER_NONE ? "register fails with %s, three times"
					  : "register three times: 0, still registered",
	      want_errno == EPERM ? "EPERM" : "ENOSYS");
	ok = 1;
	if (want != RSEQ_OWNER_NONE)
		for (int i = 0; i < 3; i++)
			ok &= rseq_unregister_current_thread() == 0;
	check(ok, "unregister as many times as registered: 0");
	errno = 0;
	check(rseq_unregister_current_thread() == -1 && errno == EINVAL,
	      "unbalanced unregister: -1, EINVAL");
	if (want != RSEQ_OWNER_NONE)
		check(rseq_current_cpu_raw() >= 0,
		      "the registration made at start-up outlives the users' references");
	check(rseq_register_current_thread() == (want == RSEQ_OWNER_NONE ? -1 : 0),
	      "registering again after that works as before");
	return 0;
}
