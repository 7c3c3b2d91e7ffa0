/* SPDX-License-Identifier: MIT */
/* The per-CPU operations that always complete: each of the seven, in its
   _complete form on the caller's CPU (or mm_cid) and in its _opv form on
   the caller's and on another one, in both per-CPU modes, gives the
   operation's exact result: 0 and the stores when its comparisons hold,
   1 and no store when one fails.  Run with and without rseq (seccomp,
   valgrind): without it every call goes through cpu_opv().  Then the
   helpers' errors: a copy too long for cpu_opv() is EINVAL, and a node
   pointer that stays unmapped is EFAULT, not an endless retry.  */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdio.h>
#include "opv-test.h"

enum form { COMPLETE, OPV_HERE, OPV_OTHER, NR_FORMS };
static const char *const form_names[NR_FORMS] = {
	"_complete", "_opv on this CPU", "_opv on another CPU",
};
static const char *const mode_names[2] = { "cpu_id", "mm_cid" };

struct target {
	enum form form;
	enum rseq_percpu_mode mode;
	int cpu;
	char name[64];
};

/* The same call in the form the target says.  */
#define CALL(t, op, mo, ...)							\
	((t)->form == COMPLETE ? op##_complete(mo, (t)->mode, __VA_ARGS__, (t)->cpu)	\
			       : op##_opv(mo, (t)->mode, __VA_ARGS__, (t)->cpu))

__attribute__((format(printf, 3, 4)))
static void report(const struct target *t, bool ok, const char *what, ...)
{
	char name[220], text[140];
	va_list ap;

	va_start(ap, what);
	vsnprintf(text, sizeof(text), what, ap);
	va_end(ap);
	snprintf(name, sizeof(name), "%s %s", text, t->name);
	check_why(ok, name, "%s", "wrong return value or memory");
}

static void cbne_store(const struct target *t)
{
	intptr_t v = 5;
	int ret = CALL(t, rseq_load_cbne_store__ptr, RSEQ_MO_RELAXED, &v, 5, 7);
	report(t, ret == 0 && v == 7, "load_cbne_store, equal: 0, stored");
	ret = CALL(t, rseq_load_cbne_store__ptr, RSEQ_MO_RELAXED, &v, 5, 9);
	report(t, ret == 1 && v == 7, "load_cbne_store, different: 1, nothing stored");
}

struct node {
	intptr_t payload;
	struct node *next;
};

static void list_pop(const struct target *t)
{
	struct node second = { 2, NULL }, first = { 1, &second };
	intptr_t head = (intptr_t) &first, popped = 0;
	const long voff = offsetof(struct node, next);

	int ret = CALL(t, rseq_load_cbeq_store_add_load_store__ptr, RSEQ_MO_RELAXED, &head,
		       (intptr_t) NULL, voff, &popped);
	report(t, ret == 0 && popped == (intptr_t) &first && head == (intptr_t) &second,
	       "list pop (load_cbeq_store_add_load_store): 0, head moved to the next node");
	head = (intptr_t) NULL;
	popped = 42;
	ret = CALL(t, rseq_load_cbeq_store_add_load_store__ptr, RSEQ_MO_RELAXED, &head,
		   (intptr_t) NULL, voff, &popped);
	report(t, ret == 1 && popped == 42 && head == (intptr_t) NULL,
	       "list pop of an empty list: 1, nothing stored");
}

static void add_store(const struct target *t)
{
	intptr_t v = 40;
	const int ret = CALL(t, rseq_load_add_store__ptr, RSEQ_MO_RELAXED, &v, -43);
	report(t, ret == 0 && v == -3, "load_add_store: 0, added");
}

static void add_load_load_add_store(const struct target *t)
{
	intptr_t array[4] = { 10, 20, 30, 40 };
	intptr_t base = (intptr_t) array;
	const int ret = CALL(t, rseq_load_add_load_load_add_store__ptr, RSEQ_MO_RELAXED, &base,
			     (long) (2 * sizeof(intptr_t)), 5);
	report(t, ret == 0 && array[0] == 10 && array[1] == 20 && array[2] == 35 &&
		  array[3] == 40 && base == (intptr_t) array,
	       "load_add_load_load_add_store: 0, added to the word at *ptr + off only");
}

static void cbne_store_store(const struct target *t, enum rseq_mo mo)
{
	const char *how = mo == RSEQ_MO_RELEASE ? "release" : "relaxed";
	intptr_t v = 1, v2 = 0;
	int ret = CALL(t, rseq_load_cbne_store_store__ptr, mo, &v, 1, &v2, 22, 11);
	report(t, ret == 0 && v == 11 && v2 == 22, "load_cbne_store_store %s, equal: 0, both stored",
	       how);
	ret = CALL(t, rseq_load_cbne_store_store__ptr, mo, &v, 1, &v2, 33, 44);
	report(t, ret == 1 && v == 11 && v2 == 22,
	       "load_cbne_store_store %s, different: 1, nothing stored", how);
}

static void cbne_load_cbne_store(const struct target *t)
{
	intptr_t v = 1, v2 = 2;
	int ret = CALL(t, rseq_load_cbne_load_cbne_store__ptr, RSEQ_MO_RELAXED, &v, 1, &v2, 2, 3);
	report(t, ret == 0 && v == 3 && v2 == 2, "load_cbne_load_cbne_store, both equal: 0, stored");
	ret = CALL(t, rseq_load_cbne_load_cbne_store__ptr, RSEQ_MO_RELAXED, &v, 3, &v2, 9, 4);
	report(t, ret == 1 && v == 3 && v2 == 2,
	       "load_cbne_load_cbne_store, second different: 1, nothing stored");
}

static void cbne_memcpy_store(const struct target *t, enum rseq_mo mo)
{
	const char *how = mo == RSEQ_MO_RELEASE ? "release" : "relaxed";
	unsigned char src[300], dst[300 + 2];
	intptr_t v = 8;

	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char) (i + 1);
	memset(dst, 0, sizeof(dst));
	int ret = CALL(t, rseq_load_cbne_memcpy_store__ptr, mo, &v, 8, dst + 1, src, sizeof(src),
		       9);
	report(t, ret == 0 && v == 9 && !memcmp(dst + 1, src, sizeof(src)) && dst[0] == 0 &&
		  dst[sizeof(dst) - 1] == 0,
	       "load_cbne_memcpy_store %s, equal: 0, copied and stored", how);
	memset(dst, 0, sizeof(dst));
	ret = CALL(t, rseq_load_cbne_memcpy_store__ptr, mo, &v, 8, dst + 1, src, sizeof(src), 10);
	report(t, ret == 1 && v == 9 && dst[1] == 0 && dst[sizeof(src)] == 0,
	       "load_cbne_memcpy_store %s, different: 1, nothing copied or stored", how);
}
enum { CHECKS_PER_TARGET = 2 + 2 + 1 + 1 + 4 + 2 + 4 };

static void every_helper(const struct target *t)
{
	cbne_store(t);
	list_pop(t);
	add_store(t);
	add_load_load_add_store(t);
	cbne_store_store(t, RSEQ_MO_RELAXED);
	cbne_store_store(t, RSEQ_MO_RELEASE);
	cbne_load_cbne_store(t);
	cbne_memcpy_store(t, RSEQ_MO_RELAXED);
	cbne_memcpy_store(t, RSEQ_MO_RELEASE);
}

/* Where the caller is now, in the mode's index space.  */
static int current_index(enum rseq_percpu_mode mode)
{
	return mode == RSEQ_PERCPU_MM_CID ? (int) rseq_current_mm_cid() : opv_here();
}

/* A copy longer than cpu_opv() takes: the fast path would do it, the
   fallback cannot.  */
static void too_long(void)
{
	static unsigned char src[CPU_OP_DATA_LEN_MAX + 1], dst[CPU_OP_DATA_LEN_MAX + 1];
	intptr_t v = 1;

	errno = 0;
	const int ret = rseq_load_cbne_memcpy_store__ptr_opv(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID,
							     &v, 1, dst, src, sizeof(src), 2,
							     opv_here());
	check_why(ret == -1 && errno == EINVAL && v == 1,
		  "_opv memcpy of 4097 bytes: -1, EINVAL, nothing stored", "returned %d, errno %d",
		  ret, errno);
}

/* In a child killed after EFAULT_WAIT seconds, so that an endless retry
   fails instead of hanging the suite: exits 0 when the call returned -1
   with EFAULT.  It takes milliseconds; the bound is for a busy machine.  */
enum { EFAULT_WAIT = 30 };

static void expect_efault(const char *name, int (*call)(void))
{
	int status;
	const pid_t pid = fork();

	REQUIRE(pid >= 0);
	if (pid == 0) {
		const int ret = call();
		_exit(ret == -1 && errno == EFAULT ? 0 : 1);
	}
	double taken;
	const bool ended = opv_wait_timed(pid, EFAULT_WAIT, &status, &taken);
	note("%s: the child ended after %.2f s", name, taken);
	check_why(ended && WIFEXITED(status) && WEXITSTATUS(status) == 0, name, "%s",
		  ended ? "did not return -1 with EFAULT" : "still retrying after 30 seconds");
}

static char *unmapped_page(void)
{
	const size_t page = (size_t) sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	REQUIRE(p != MAP_FAILED);
	return p;
}

static int pop_unmapped_node(void)
{
	intptr_t head = (intptr_t) unmapped_page(), popped = 0;

	return rseq_load_cbeq_store_add_load_store__ptr_opv(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID,
							    &head, 0, 8, &popped, opv_here());
}

static int add_through_unmapped_base(void)
{
	intptr_t base = (intptr_t) unmapped_page();

	return rseq_load_add_load_load_add_store__ptr_opv(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID,
							  &base, 8, 1, opv_here());
}
/* A CPU that is not possible: EINVAL, from either form (the _complete one
   falls back to cpu_opv() at once: the caller cannot run there).  */
static void bad_cpu(void)
{
	const int nr = rseq_get_max_nr_cpus();
	intptr_t v = 0;

	errno = 0;
	int ret = rseq_load_add_store__ptr_opv(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID, &v, 1, nr);
	check_why(ret == -1 && errno == EINVAL && v == 0,
		  "_opv on CPU rseq_get_max_nr_cpus(): -1, EINVAL", "returned %d, errno %d", ret,
		  errno);
	errno = 0;
	ret = rseq_load_add_store__ptr_complete(RSEQ_MO_RELAXED, RSEQ_PERCPU_MM_CID, &v, 1, -1);
	check_why(ret == -1 && errno == EINVAL && v == 0, "_complete on mm_cid -1: -1, EINVAL",
		  "returned %d, errno %d", ret, errno);
}
enum { NR_ERROR_CHECKS = 5 };

int main(int argc, char **argv)
{
	const int nr = rseq_get_max_nr_cpus();

	/* A memory order no operation has: a programming error, as on the
	   fast path.  */
	if (argc > 1 && !strcmp(argv[1], "bad-order")) {
		intptr_t v = 0;
		rseq_load_add_store__ptr_opv(RSEQ_MO_ACQUIRE, RSEQ_PERCPU_CPU_ID, &v, 1, 0);
		return 0;
	}
	plan(2 * NR_FORMS * CHECKS_PER_TARGET + NR_ERROR_CHECKS);
	REQUIRE(nr > 0);
	for (int mode = RSEQ_PERCPU_CPU_ID; mode <= RSEQ_PERCPU_MM_CID; mode++) {
		for (int form = 0; form < NR_FORMS; form++) {
			struct target t = { (enum form) form, (enum rseq_percpu_mode) mode, 0, "" };
			const int here = current_index(t.mode);

			/* With one CPU, "another" is the same: still a valid
			   target, named the same so that results compare.  */
			t.cpu = form == OPV_OTHER ? (here + 1) % nr : here;
			snprintf(t.name, sizeof(t.name), "[%s, %s]", form_names[form],
				 mode_names[mode]);
			every_helper(&t);
		}
	}
	too_long();
	bad_cpu();
	expect_efault("_opv list pop through an unmapped node: -1, EFAULT", pop_unmapped_node);
	expect_efault("_opv add through an unmapped base: -1, EFAULT", add_through_unmapped_base);
	return 0;
}
