/* SPDX-License-Identifier: MIT */
/* legacy: what a kernel without the extended rseq fields (before Linux 6.3:
   no AT_RSEQ_FEATURE_SIZE, no node_id, no mm_cid) gives, as the manual
   pages say it: rseq_node_id_available() and rseq_mm_cid_available() are
   false, the thread's area is registered with the legacy length of 32
   bytes, rseq_current_mm_cid() is 0, every operation in mode
   RSEQ_PERCPU_MM_CID returns -1 and changes nothing
   (rseq_percpu_ops(3)), rseq_percpu_running_on() says no in that mode, and
   the _complete helpers still take effect, through cpu_opv()
   (rseq_percpu_complete(3)).  The same operations in mode
   RSEQ_PERCPU_CPU_ID commit, so that a thread that is simply not
   registered cannot pass for an old kernel.

   Run only in the machines whose kernel is older than 6.3 (vm.exp).  */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <rseq/rseq.h>
#include "check.h"

enum { ATTEMPTS = 1000 };

struct data {
	intptr_t v, v2, load, target;
	intptr_t ptr;		/* &target */
	char dst[16], src[16];
};

static struct data data;

static void reset(void)
{
	memset(&data, 0, sizeof(data));
	data.v2 = 7;
	data.target = 40;
	data.ptr = (intptr_t) &data.target;
	memcpy(data.src, "legacy kernel", 14);
}

static bool untouched(void)
{
	struct data before = data;

	reset();
	return !memcmp(&before, &data, sizeof(data));
}

/* Each operation once, in MODE on INDEX; the number of them that returned
   WANT (0 committed, -1 aborted).  */
static int count_ops(enum rseq_percpu_mode mode, int index, int want, bool *changed)
{
	int n = 0;

	*changed = false;
	reset();
	n += rseq_load_cbne_store__ptr(RSEQ_MO_RELAXED, mode, &data.v, 0, 1, index) == want;
	*changed |= !untouched();
	n += rseq_load_cbeq_store_add_load_store__ptr(RSEQ_MO_RELAXED, mode, &data.ptr, 0,
						      0, &data.load, index) == want;
	*changed |= !untouched();
	n += rseq_load_add_store__ptr(RSEQ_MO_RELAXED, mode, &data.v, 5, index) == want;
	*changed |= !untouched();
	n += rseq_load_add_load_load_add_store__ptr(RSEQ_MO_RELAXED, mode, &data.ptr, 0, 2,
						    index) == want;
	*changed |= !untouched();
	n += rseq_load_cbne_store_store__ptr(RSEQ_MO_RELEASE, mode, &data.v, 0, &data.v2, 3, 4,
					     index) == want;
	*changed |= !untouched();
	n += rseq_load_cbne_load_cbne_store__ptr(RSEQ_MO_RELAXED, mode, &data.v, 0, &data.v2, 7,
						 9, index) == want;
	*changed |= !untouched();
	n += rseq_load_cbne_memcpy_store__ptr(RSEQ_MO_RELEASE, mode, &data.v, 0, data.dst,
					      data.src, sizeof(data.src), 1, index) == want;
	*changed |= !untouched();
	return n;
}

int main(void)
{
	enum { NR_OPS = 7 };
	bool changed;

	plan(9);
	REQUIRE(rseq_register_current_thread() == 0);
	check(!rseq_node_id_available(), "rseq_node_id_available() is false");
	check(!rseq_mm_cid_available(), "rseq_mm_cid_available() is false");
	/* The kernel answers EBUSY to the very registration it holds (same
	   area, same length, same signature), EINVAL to another length.  */
	errno = 0;
	const long ret = syscall(SYS_rseq, rseq_get_abi(), 32, 0, RSEQ_SIG);
	check_why(ret == -1 && errno == EBUSY,
		  "the thread's area is registered with the legacy length, 32 bytes",
		  "registering it again with 32 bytes: %ld, errno %d (%s)", ret, errno,
		  strerror(errno));
	check_why(rseq_current_mm_cid() == 0, "rseq_current_mm_cid() is 0", "it is %u",
		  (unsigned) rseq_current_mm_cid());

	int aborted = count_ops(RSEQ_PERCPU_MM_CID, 0, -1, &changed);
	check_why(aborted == NR_OPS, "every operation in mode RSEQ_PERCPU_MM_CID returns -1",
		  "%d of %d did", aborted, NR_OPS);
	check(!changed, "no operation in mode RSEQ_PERCPU_MM_CID changes anything");
	check(!rseq_percpu_running_on(RSEQ_PERCPU_MM_CID, 0),
	      "rseq_percpu_running_on(RSEQ_PERCPU_MM_CID, 0) is false");

	reset();
	const int add = rseq_load_add_store__ptr_complete(RSEQ_MO_RELAXED, RSEQ_PERCPU_MM_CID,
							  &data.v, 5, 0);
	const int store = rseq_load_cbne_store_store__ptr_complete(
		RSEQ_MO_RELEASE, RSEQ_PERCPU_MM_CID, &data.v, 5, &data.v2, 3, 6, 0);
	check_why(add == 0 && store == 0 && data.v == 6 && data.v2 == 3,
		  "the _complete helpers in mode RSEQ_PERCPU_MM_CID take effect (cpu_opv)",
		  "returned %d and %d; v %ld, v2 %ld", add, store, (long) data.v,
		  (long) data.v2);

	/* In mode RSEQ_PERCPU_CPU_ID the same calls commit, but for a
	   preemption or migration now and then: a few more tries.  */
	int committed = 0;
	for (int i = 0; i < ATTEMPTS && committed < NR_OPS; i++) {
		const int cpu = (int) rseq_cpu_start();

		committed = count_ops(RSEQ_PERCPU_CPU_ID, cpu, 0, &changed);
	}
	check_why(committed == NR_OPS, "every operation in mode RSEQ_PERCPU_CPU_ID commits",
		  "at best %d of %d in %d tries", committed, NR_OPS, ATTEMPTS);
	return 0;
}
