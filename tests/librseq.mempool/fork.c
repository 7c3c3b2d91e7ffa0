/* SPDX-License-Identifier: MIT */
/* fork: a child sees the items as they were at fork(), on every CPU;
   allocates, writes and frees, in the ranges that existed and in new ones;
   and changes nothing in the parent, whose pools go on working.  In both
   populate policies.  */
#include <sys/wait.h>
#include <unistd.h>
#include "mempool-test.h"

enum { NR_CPUS = 8, ITEM_LEN = 64, ITEMS_PER_RANGE = RSEQ_MEMPOOL_STRIDE / ITEM_LEN };

static const char *const policy_names[] = { "COW_INIT", "COW_ZERO" };

static int cpus_with(const void *p, unsigned char byte)
{
	int n = 0;

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		n += mempool_bytes_are(rseq_percpu_ptr(p, cpu), ITEM_LEN, byte);
	return n;
}

/* In the child: prints its checks, then exits.  */
static void child(struct rseq_mempool *pool, char *a, char *b, const char *name)
{
	unsigned char init[ITEM_LEN];

	check_why(cpus_with(a, 0x11) == NR_CPUS - 1 &&
		  mempool_bytes_are(rseq_percpu_ptr(a, 1), ITEM_LEN, 0x22),
		  "child: sees the parent's values as of fork() on every CPU", "%s", name);
	memset(init, 0x33, sizeof(init));
	/* The slot after b: a range that existed at fork().  */
	char *c = rseq_mempool_percpu_malloc_init(pool, init, sizeof(init));
	memset(rseq_percpu_ptr(a, 0), 0x44, ITEM_LEN);
	rseq_mempool_percpu_free(b);
	char *d = rseq_mempool_percpu_zmalloc(pool);
	int fresh = 0;
	for (int i = 0; i < ITEMS_PER_RANGE + 1; i++) {
		char *e = rseq_mempool_percpu_malloc_init(pool, init, sizeof(init));
		fresh += e && cpus_with(e, 0x33) == NR_CPUS;
	}
	check_why(c && cpus_with(c, 0x33) == NR_CPUS && d == b && cpus_with(d, 0) == NR_CPUS &&
		  fresh == ITEMS_PER_RANGE + 1,
		  "child: allocates, initialises and frees, in old and new ranges", "%s", name);
	exit(0);
}

static void policy_run(enum rseq_mempool_populate_policy policy)
{
	const char *name = policy_names[policy];
	struct rseq_mempool_attr *attr = mempool_attr(0, NR_CPUS, policy);
	struct rseq_mempool *pool = rseq_mempool_create(name, ITEM_LEN, attr);
	unsigned char init[ITEM_LEN];

	rseq_mempool_attr_destroy(attr);
	REQUIRE(pool);
	memset(init, 0x11, sizeof(init));
	char *a = rseq_mempool_percpu_malloc_init(pool, init, sizeof(init));
	char *b = rseq_mempool_percpu_malloc_init(pool, init, sizeof(init));
	REQUIRE(a && b);
	memset(rseq_percpu_ptr(a, 1), 0x22, ITEM_LEN);

	fflush(stdout);
	const pid_t pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0)
		child(pool, a, b, name);
	int status;
	REQUIRE(waitpid(pid, &status, 0) == pid);
	check_why(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child: exits normally",
		  "%s: status %#x", name, status);

	/* The slot the child took next to b has never been used here: it
	   must read zero on every CPU, whatever the child wrote.  */
	const char *next = b + ITEM_LEN;
	check_why(cpus_with(a, 0x11) == NR_CPUS - 1 &&
		  mempool_bytes_are(rseq_percpu_ptr(a, 1), ITEM_LEN, 0x22) &&
		  cpus_with(b, 0x11) == NR_CPUS && cpus_with(next, 0) == NR_CPUS,
		  "parent: the child changed nothing", "%s", name);
	memset(init, 0x55, sizeof(init));
	char *c = rseq_mempool_percpu_malloc_init(pool, init, sizeof(init));
	check_why(c == next && cpus_with(c, 0x55) == NR_CPUS,
		  "parent: allocates after fork() with its own values", "%s", name);
	REQUIRE(rseq_mempool_destroy(pool) == 0);
}

static void fork_run(void)
{
	policy_run(RSEQ_MEMPOOL_POPULATE_COW_INIT);
	policy_run(RSEQ_MEMPOOL_POPULATE_COW_ZERO);
}

const struct mempool_test test_fork = { "fork", 10, fork_run };
