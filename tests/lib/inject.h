/* SPDX-License-Identifier: MIT */
/* Delay injection for the per-CPU stress programs.

   Include this header INSTEAD of <rseq/rseq.h> (it includes it): it first
   defines the RSEQ_INJECT_* hooks, which <rseq/percpu.h> only honours when
   they exist before it is read.  Exactly one file of a program expands
   INJECT_DEFINE at file scope.

   What gets injected, all of it set by inject_parse() from the command line:
   -1 N .. -6 N   delay loop of N iterations at that point inside every
                  critical section (asm, see inject-asm.h); N = -1
                  makes the thread stop there until inject_release() (a
                  rendezvous, for tests that act on a thread while it is
                  inside a sequence; never in stress runs)
   -7 N .. -9 N   delay loop at the C points of the retry loops: 7 before
                  choosing the CPU, 8 after an abort, 9 after a comparison
                  failure (RSEQ_INJECT_C(n))
   -y, -k 1|2, -s MS
                  at points 7..9: sched_yield(); raise(SIGUSR1), whose
                  handler does nothing (1) or registers and unregisters the
                  thread (2); sleep MS milliseconds
   -m M           ... only every M-th time a thread reaches one of 7..9
   -w US          sleep US microseconds once the operation's operands are
                  read, right before the sequence (inject_window(), called
                  by the programs): meanwhile other threads change the data,
                  or the thread moves to another CPU (see -X), and only the
                  sequence's own checks stand between it and stale operands
                  or another CPU's data
   -K US          (stress harness) a signal storm: every US microseconds,
                  SIGUSR1 to one of the workers, wherever it is (in a
                  sequence, it aborts it); the handler is that of -k (1 by
                  default)
   -X US          (stress harness) migrations: every US microseconds, one of
                  the workers moves to another CPU; with -K too, both follow
                  the shorter period
   and what the programs share besides: -t threads, -r repetitions per
   thread, -d milliseconds after which repetitions stop, -M index by mm_cid
   instead of cpu_id, -R release commit order, -T test name, -H the
   always-complete helpers (rseq_<op>__ptr_complete) instead of the bare
   operations, -D PCT (with -H) rseq disabled in PCT% of the worker threads.

   Every thread also counts the critical sections it entered
   (inject_entries): the injected asm of point 1, right after the start of
   every sequence, increments it.  It is a local-exec TLS access, so this
   header is for executables only.  */
#ifndef LIBRSEQ_TESTS_INJECT_H
#define LIBRSEQ_TESTS_INJECT_H

#ifdef _RSEQ_RSEQ_H
# error "include inject.h before <rseq/rseq.h>: the hooks must exist first"
#endif

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { INJECT_POINTS = 10 };	/* 1..9 used */

/* Read by the injected asm (inject-asm.h): an int per point.  */
extern int inject_loops[INJECT_POINTS] __attribute__((visibility("hidden")));
/* The rendezvous word: 0 idle, 1 a thread waits at a point whose loop count
   is -1, 2 it may go on.  */
extern int inject_rendezvous __attribute__((visibility("hidden")));

/* Sequences this thread entered (the asm of point 1 counts them).  */
extern __thread unsigned int inject_entries __attribute__((visibility("hidden")));

#include "inject-asm.h"

/* What only point 1 does, besides its delay: count the entry.  */
#define INJECT_AT_1	INJECT_COUNT_ENTRY
#define INJECT_AT_2
#define INJECT_AT_3
#define INJECT_AT_4
#define INJECT_AT_5
#define INJECT_AT_6

#define RSEQ_INJECT_ASM(n)	INJECT_AT_##n INJECT_POINT(n)

/* Aborts this thread saw.  */
extern __thread unsigned long inject_aborts __attribute__((visibility("hidden")));

/* Defined below; declared first because the inline helpers of
   <rseq/rseq.h> use RSEQ_INJECT_C themselves.  */
static void inject_c(int n);
#define RSEQ_INJECT_C(n)	inject_c(n)
#define RSEQ_INJECT_FAILED	inject_aborts++;

#include <rseq/rseq.h>

RSEQ_STATIC_ASSERT(sizeof(int) == 4, "the injected asm indexes inject_loops by 4");

struct inject_options {
	/* Events at points 7..9.  */
	unsigned int modulo;
	bool yield;
	bool raise;		/* SIGUSR1 at the points */
	int handler;		/* 0 none, 1 empty, 2 registers and unregisters */
	int sleep_ms;
	int window_us;		/* 0: no sleep before the sequence */
	int storm_us;		/* 0: no storm */
	int migrate_us;		/* 0: no forced migrations */
	/* The run.  */
	int threads;		/* 0: twice the CPUs we may use, plus one */
	long reps;
	int duration_ms;
	enum rseq_percpu_mode mode;
	enum rseq_mo mo;
	const char *test;
	bool helpers;		/* the _complete helpers */
	int disabled_pct;	/* worker threads without rseq */
};

extern struct inject_options inject_options __attribute__((visibility("hidden")));
/* What the signal handler did: calls, and (un)registrations that failed.  */
extern unsigned long inject_signals __attribute__((visibility("hidden")));
extern unsigned long inject_signal_failures __attribute__((visibility("hidden")));
extern __thread unsigned int inject_event_count __attribute__((visibility("hidden")));

#define INJECT_DEFINE							\
	int inject_loops[INJECT_POINTS];				\
	int inject_rendezvous;						\
	struct inject_options inject_options = {			\
		.modulo = 1, .reps = 1000, .duration_ms = 1000,		\
		.mode = RSEQ_PERCPU_CPU_ID, .mo = RSEQ_MO_RELAXED,	\
		.test = "",						\
	};								\
	__thread unsigned long inject_aborts;				\
	__thread unsigned int inject_entries;				\
	unsigned long inject_signals;					\
	unsigned long inject_signal_failures;				\
	__thread unsigned int inject_event_count;

/* A delay the compiler cannot remove or shorten.  */
static inline void inject_spin(long loops)
{
	for (long i = 0; i < loops; i++)
		__asm__ __volatile__("" ::: "memory");
}

static inline void inject_event(void)
{
	const struct inject_options *o = &inject_options;

	if (++inject_event_count % o->modulo)
		return;
	if (o->sleep_ms > 0)
		poll(NULL, 0, o->sleep_ms);
	if (o->yield)
		sched_yield();
	if (o->raise)
		raise(SIGUSR1);
}

static inline void inject_c(int n)
{
	inject_spin(__atomic_load_n(&inject_loops[n], __ATOMIC_RELAXED));
	inject_event();
}

static inline void inject_sleep_us(long us)
{
	const struct timespec pause = { us / 1000000, us % 1000000 * 1000 };

	if (us > 0)
		nanosleep(&pause, NULL);
}

/* Once the operands are read, right before the sequence.  */
static inline void inject_window(void)
{
	inject_sleep_us(inject_options.window_us);
}

/* For tests that act on a thread while it is inside a sequence: the next
   thread that reaches injection point POINT (1..6) stops there, until
   inject_release().  */
static inline void inject_stop_at(int point)
{
	__atomic_store_n(&inject_rendezvous, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&inject_loops[point], -1, __ATOMIC_RELEASE);
}

static inline void inject_stop_off(int point)
{
	__atomic_store_n(&inject_loops[point], 0, __ATOMIC_RELEASE);
}

/* A thread waits at the point now.  */
static inline bool inject_arrived(void)
{
	return __atomic_load_n(&inject_rendezvous, __ATOMIC_ACQUIRE) == 1;
}

/* A thread got to the point since inject_stop_at().  */
static inline bool inject_stopped(void)
{
	return __atomic_load_n(&inject_rendezvous, __ATOMIC_ACQUIRE) != 0;
}

static inline void inject_release(void)
{
	__atomic_store_n(&inject_rendezvous, 2, __ATOMIC_RELEASE);
}

static void inject_on_signal(int sig)
{
	const int saved_errno = errno;

	(void) sig;
	__atomic_fetch_add(&inject_signals, 1, __ATOMIC_RELAXED);
	if (inject_options.handler == 2) {
		/* Nested inside the thread's own reference: must not disturb
		   the sequence the signal interrupted.  */
		if (rseq_register_current_thread() != 0 || rseq_unregister_current_thread() != 0)
			__atomic_fetch_add(&inject_signal_failures, 1, __ATOMIC_RELAXED);
	}
	errno = saved_errno;
}

/* SIGUSR1 runs inject_on_signal() from now on.  */
static inline void inject_install_handler(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = inject_on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) != 0) {
		perror("sigaction");
		exit(1);
	}
}

static inline void inject_usage(FILE *out, const char *prog, const char *extra)
{
	fprintf(out,
		"usage: %s [-1..-9 LOOPS] [-m MODULO] [-y] [-k 1|2] [-s MS] [-w US] [-K US] [-X US]\n"
		"       [-t THREADS] [-r REPS] [-d MS] [-M] [-R] [-T TEST] [-H [-D PCT]]%s%s\n",
		prog, extra ? " " : "", extra ? extra : "");
}

static inline long inject_number(const char *prog, int opt, const char *arg, long min)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < min) {
		fprintf(stderr, "%s: -%c: bad number '%s'\n", prog, opt, arg);
		exit(2);
	}
	return v;
}

/* Parses the options into inject_options and inject_loops, installs the
   signal handler if asked; returns the index of the first operand.  EXTRA
   describes the operands in the usage message.  */
static inline int inject_parse(int argc, char **argv, const char *extra)
{
	struct inject_options *o = &inject_options;
	const char *prog = argv[0];
	int opt;

	while ((opt = getopt(argc, argv, "1:2:3:4:5:6:7:8:9:m:yk:s:w:K:X:t:r:d:MRT:HD:h")) != -1) {
		switch (opt) {
		case '1': case '2': case '3': case '4': case '5': case '6':
			inject_loops[opt - '0'] = (int) inject_number(prog, opt, optarg, -1);
			break;
		case '7': case '8': case '9':
			inject_loops[opt - '0'] = (int) inject_number(prog, opt, optarg, 0);
			break;
		case 'm': o->modulo = (unsigned int) inject_number(prog, opt, optarg, 1); break;
		case 'y': o->yield = true; break;
		case 'k':
			o->handler = (int) inject_number(prog, opt, optarg, 1);
			o->raise = true;
			break;
		case 's': o->sleep_ms = (int) inject_number(prog, opt, optarg, 0); break;
		case 'w': o->window_us = (int) inject_number(prog, opt, optarg, 0); break;
		case 'K': o->storm_us = (int) inject_number(prog, opt, optarg, 1); break;
		case 'X': o->migrate_us = (int) inject_number(prog, opt, optarg, 1); break;
		case 't': o->threads = (int) inject_number(prog, opt, optarg, 1); break;
		case 'r': o->reps = inject_number(prog, opt, optarg, 1); break;
		case 'd': o->duration_ms = (int) inject_number(prog, opt, optarg, 1); break;
		case 'M': o->mode = RSEQ_PERCPU_MM_CID; break;
		case 'R': o->mo = RSEQ_MO_RELEASE; break;
		case 'T': o->test = optarg; break;
		case 'H': o->helpers = true; break;
		case 'D': o->disabled_pct = (int) inject_number(prog, opt, optarg, 0); break;
		case 'h': inject_usage(stdout, prog, extra); exit(0);
		default: inject_usage(stderr, prog, extra); exit(2);
		}
	}
	if (o->handler > 2) {
		fprintf(stderr, "%s: -k: 1 (empty handler) or 2 (registering handler)\n", prog);
		exit(2);
	}
	/* A thread without rseq completes nothing but through cpu_opv().  */
	if (o->disabled_pct > 100 || (o->disabled_pct && !o->helpers)) {
		fprintf(stderr, "%s: -D: a percentage, with -H\n", prog);
		exit(2);
	}
	if (o->storm_us && !o->handler)
		o->handler = 1;
	if (o->handler)
		inject_install_handler();
	return optind;
}

/* The index the per-CPU operations are called with, in the chosen mode:
   the CPU, or the concurrency id.  */
static inline int inject_current_index(void)
{
	return inject_options.mode == RSEQ_PERCPU_MM_CID ? (int) rseq_current_mm_cid()
							  : (int) rseq_cpu_start();
}

#endif
