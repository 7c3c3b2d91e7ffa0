/* SPDX-License-Identifier: MIT */
/* What the cpu-opv test programs share: building operations, a guarded
   arena to aim them at, and snapshots to prove that memory did not change.  */
#ifndef LIBRSEQ_TESTS_OPV_TEST_H
#define LIBRSEQ_TESTS_OPV_TEST_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <rseq/rseq.h>
#include "check.h"

/* Pointer slots hold the address zero-extended, whatever the ABI.  */
static inline uint64_t opv_addr(const void *p)
{
	return (uint64_t) (uintptr_t) p;
}

static inline struct cpu_op opv_compare(int32_t code, const void *a, const void *b, uint32_t len)
{
	struct cpu_op op;

	memset(&op, 0, sizeof(op));
	op.op = code;
	op.len = len;
	op.u.compare_op.a = opv_addr(a);
	op.u.compare_op.b = opv_addr(b);
	return op;
}

static inline struct cpu_op opv_memcpy(int32_t code, void *dst, const void *src, uint32_t len)
{
	struct cpu_op op;

	memset(&op, 0, sizeof(op));
	op.op = code;
	op.len = len;
	op.u.memcpy_op.dst = opv_addr(dst);
	op.u.memcpy_op.src = opv_addr(src);
	return op;
}

static inline struct cpu_op opv_add(int32_t code, void *p, uint32_t len, int64_t count)
{
	struct cpu_op op;

	memset(&op, 0, sizeof(op));
	op.op = code;
	op.len = len;
	op.u.arithmetic_op.p = opv_addr(p);
	op.u.arithmetic_op.count = count;
	return op;
}

static inline struct cpu_op opv_bitwise(int32_t code, void *p, uint32_t len, uint64_t mask)
{
	struct cpu_op op;

	memset(&op, 0, sizeof(op));
	op.op = code;
	op.len = len;
	op.u.bitwise_op.p = opv_addr(p);
	op.u.bitwise_op.mask = mask;
	return op;
}

static inline struct cpu_op opv_shift(int32_t code, void *p, uint32_t len, uint32_t bits)
{
	struct cpu_op op;

	memset(&op, 0, sizeof(op));
	op.op = code;
	op.len = len;
	op.u.shift_op.p = opv_addr(p);
	op.u.shift_op.bits = bits;
	return op;
}

static inline struct cpu_op opv_mb(void)
{
	struct cpu_op op;

	memset(&op, 0, sizeof(op));
	op.op = CPU_MB_OP;
	return op;
}

/* The CPU the caller is on: local calls are the common case, and they take
   the path that needs no membarrier.  */
static inline int opv_here(void)
{
	const int32_t cpu = rseq_current_cpu();

	REQUIRE(cpu >= 0);
	return cpu;
}

/* CLOCK_MONOTONIC seconds since *t0.  */
static inline double opv_seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double) (t.tv_sec - t0->tv_sec) + (double) (t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Waits up to seconds for child pid, then kills it: an alarm in the child
   cannot bound it, since cpu_opv() blocks every signal while it waits for
   a fence.  True when it ended by itself (*status is then its wait
   status); *taken: the seconds waited.  */
static inline bool opv_wait_timed(pid_t pid, int seconds, int *status, double *taken)
{
	const struct timespec tick = { 0, 1000 * 1000 };
	struct timespec t0;
	bool ended = false;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		const pid_t got = waitpid(pid, status, WNOHANG);
		REQUIRE(got == 0 || got == pid);
		*taken = opv_seconds_since(&t0);
		if (got == pid) {
			ended = true;
			break;
		}
		/* By the clock rather than by ticks: on a loaded machine a
		   tick may sleep much longer than asked.  */
		if (*taken >= seconds)
			break;
		nanosleep(&tick, NULL);
	}
	if (!ended) {
		kill(pid, SIGKILL);
		REQUIRE(waitpid(pid, status, 0) == pid);
	}
	return ended;
}

static inline bool opv_wait_bounded(pid_t pid, int seconds, int *status)
{
	double taken;

	return opv_wait_timed(pid, seconds, status, &taken);
}

/* Read-write pages between two inaccessible ones, followed by a read-only
   page and another inaccessible one:
     [none][rw ... rw][none][ro][none]
   Everything an operation may touch lives in rw or ro, so that a snapshot of
   both covers all the memory a vector could change by mistake.  */
struct opv_arena {
	size_t page;
	char *map;
	size_t map_len;
	char *rw;		/* rw_len bytes */
	size_t rw_len;
	char *ro;		/* page bytes */
	char *guard_after_rw;	/* the inaccessible page right after rw */
};

static inline void opv_arena_init(struct opv_arena *a, size_t rw_pages)
{
	a->page = (size_t) sysconf(_SC_PAGESIZE);
	a->rw_len = rw_pages * a->page;
	a->map_len = a->rw_len + 4 * a->page;
	a->map = mmap(NULL, a->map_len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQUIRE(a->map != MAP_FAILED);
	a->rw = a->map + a->page;
	a->guard_after_rw = a->rw + a->rw_len;
	a->ro = a->guard_after_rw + a->page;
	REQUIRE(mprotect(a->rw, a->rw_len, PROT_READ | PROT_WRITE) == 0);
	REQUIRE(mprotect(a->ro, a->page, PROT_READ | PROT_WRITE) == 0);
	for (size_t i = 0; i < a->rw_len; i++)
		a->rw[i] = (char) (i * 7 + 3);
	for (size_t i = 0; i < a->page; i++)
		a->ro[i] = (char) (i * 13 + 1);
	REQUIRE(mprotect(a->ro, a->page, PROT_READ) == 0);
}

/* A copy of the arena's accessible bytes.  */
struct opv_snapshot {
	char *rw;
	char *ro;
	size_t rw_len, ro_len;
};

static inline void opv_snapshot_take(struct opv_snapshot *s, const struct opv_arena *a)
{
	s->rw_len = a->rw_len;
	s->ro_len = a->page;
	s->rw = malloc(s->rw_len);
	s->ro = malloc(s->ro_len);
	REQUIRE(s->rw && s->ro);
	memcpy(s->rw, a->rw, s->rw_len);
	memcpy(s->ro, a->ro, s->ro_len);
}

/* The offset of the first byte that differs from the snapshot, or -1; frees
   the snapshot.  */
static inline long opv_snapshot_diff(struct opv_snapshot *s, const struct opv_arena *a)
{
	long at = -1;

	for (size_t i = 0; i < s->rw_len && at < 0; i++)
		if (s->rw[i] != a->rw[i])
			at = (long) i;
	for (size_t i = 0; i < s->ro_len && at < 0; i++)
		if (s->ro[i] != a->ro[i])
			at = (long) (a->ro - a->rw) + (long) i;
	free(s->rw);
	free(s->ro);
	return at;
}

#endif
