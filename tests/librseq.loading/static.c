/* SPDX-License-Identifier: MIT */
/* static libc|librseq|none: librseq.a in a fully static program, where there
   is no ld.so to define glibc's __rseq_* symbols and no dlsym().  The owner
   is the expected one, the initial thread is registered (unless nobody can
   register), the CPU readers agree with the kernel, and the reference counts
   work.  "none" expects ENOSYS from registering.  */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <rseq/rseq.h>
#include "check.h"

/* Weak, as in librseq: a strong reference would pull the definition into
   the program and could hide librseq not seeing it.  */
extern const ptrdiff_t __rseq_offset __attribute__((weak));

/* Indexed by enum rseq_ownership.  */
static const char *const owner_names[] = { "none", "libc", "librseq" };

static int owner_named(const char *name)
{
	int owner = 0;

	while (owner < 3 && strcmp(name, owner_names[owner]))
		owner++;
	REQUIRE(owner < 3);
	return owner;
}

/* The kernel's answer, pinned so that it cannot change under a check.  */
static void pin_to_current_cpu(unsigned int *cpu, unsigned int *node)
{
	cpu_set_t set;

	REQUIRE(syscall(SYS_getcpu, cpu, node, NULL) == 0);
	CPU_ZERO(&set);
	CPU_SET(*cpu, &set);
	REQUIRE(sched_setaffinity(0, sizeof(set), &set) == 0);
}

static void check_counting(int want)
{
	bool ok = true;

	errno = 0;
	for (int i = 0; i < 3; i++) {
		const int r = rseq_register_current_thread();
		ok &= want == RSEQ_OWNER_NONE ? r == -1 && errno == ENOSYS
					      : r == 0 && rseq_current_cpu_raw() >= 0;
	}
	check(ok, want == RSEQ_OWNER_NONE ? "register three times: -1, ENOSYS"
					  : "register three times: 0, registered");
	ok = true;
	if (want != RSEQ_OWNER_NONE)
		for (int i = 0; i < 3; i++)
			ok &= rseq_unregister_current_thread() == 0;
	errno = 0;
	ok &= rseq_unregister_current_thread() == -1 && errno == EINVAL;
	check(ok, "unregister as often: 0, then once more: -1, EINVAL");
	check(want == RSEQ_OWNER_NONE ? rseq_current_cpu_raw() == RSEQ_ABI_CPU_ID_REGISTRATION_FAILED
				      : rseq_current_cpu_raw() >= 0,
	      "the initial thread's own registration outlives the users' references");
}

int main(int argc, char **argv)
{
	unsigned int cpu, node;

	REQUIRE(argc == 2);
	const int want = owner_named(argv[1]);
	const unsigned long feature = getauxval(27);	/* AT_RSEQ_FEATURE_SIZE */
	const unsigned int active = want == RSEQ_OWNER_NONE ? 0 : feature < 32 ? feature : 32;

	plan(10);
	pin_to_current_cpu(&cpu, &node);
	check(rseq_owner() == want, "rseq_owner() is %s", argv[1]);
	if (!check(rseq_size == active, "rseq_size is %u", active))
		note("rseq_size %u", rseq_size);
	if (want == RSEQ_OWNER_LIBC)
		check(&__rseq_offset && rseq_offset == __rseq_offset,
		      "rseq_offset is glibc's __rseq_offset");
	else if (want == RSEQ_OWNER_LIBRSEQ)
		check(((uintptr_t) rseq_get_abi() & 31) == 0, "librseq's area is 32-byte aligned");
	else
		check(!rseq_available(RSEQ_AVAILABLE_QUERY_KERNEL) &&
		      !rseq_available(RSEQ_AVAILABLE_QUERY_LIBC), "rseq_available() says no");

	const int32_t raw = rseq_current_cpu_raw();
	note("getcpu: cpu %u, node %u; cpu_id %d, rseq_current_cpu() %d, node %d", cpu, node, raw,
	     rseq_current_cpu(), rseq_current_node_id());
	if (want == RSEQ_OWNER_NONE)
		check(raw == RSEQ_ABI_CPU_ID_REGISTRATION_FAILED, "cpu_id reads -2, not registered");
	else
		check(raw == (int32_t) cpu, "the initial thread is registered: cpu_id is its CPU");
	check(rseq_current_cpu() == (int32_t) cpu && rseq_sched_getcpu() == (int) cpu,
	      "rseq_current_cpu() and rseq_sched_getcpu() are the getcpu system call's");
	check(rseq_current_node_id() == (int32_t) node, "rseq_current_node_id() is getcpu's");
	check(rseq_current_mm_cid() == 0, "rseq_current_mm_cid() is 0, the only thread");
	check_counting(want);
	return 0;
}
