/* SPDX-License-Identifier: MIT */
/* The benchmark harness: a case is a loop that performs one operation per
   iteration; bench_run() times every case of a list the same way and fills a
   table of results, which the report functions print as text or JSON.
   bench-cpu-read and rseq-info share all of it.  */
#ifndef LIBRSEQ_BENCH_BENCH_H
#define LIBRSEQ_BENCH_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "json.h"

struct bench_case {
	const char *key;	/* stable name, for JSON */
	const char *label;	/* for people */
	/* Performs the operation ITERATIONS times and returns something that
	   depends on every result, so that none can be optimized away.  */
	unsigned long (*loop)(unsigned long iterations);
};

enum { BENCH_MAX_SAMPLES = 15 };

struct bench_settings {
	const char *name;		/* "full" or "quick" */
	unsigned int sample_us;		/* how long one sample should take */
	unsigned int samples;		/* per case, at most BENCH_MAX_SAMPLES */
};

extern const struct bench_settings bench_full;
extern const struct bench_settings bench_quick;

struct bench_result {
	const struct bench_case *bcase;
	unsigned long iterations;	/* per sample, from the calibration */
	unsigned int samples;
	double min_ns;			/* per call: the fastest sample */
	double median_ns;		/* per call */
	double sample_ns[BENCH_MAX_SAMPLES];
};

/* Times CASES[0..N) and fills RESULTS[0..N) in the same order.  Returns 0, or
   -1 with errno when the clock fails.  */
int bench_run(const struct bench_case *const cases[], size_t n,
	      const struct bench_settings *settings, struct bench_result results[]);
/* Sets R->min_ns and R->median_ns from R's samples.  */
void bench_summarize(struct bench_result *r);

/* The command line of every benchmark program, NAME [--quick] [--json]:
   returns -1 when the program should go on, else the status to exit with
   (after --help, or a usage error).  */
int bench_parse_command_line(int argc, char **argv, const char *name,
			     const struct bench_settings **settings, bool *json);
/* Flushes standard output: the status to exit with.  */
int bench_finish_output(const char *name);

/* In a spin loop: lets the other hardware thread of the core run.  */
static inline void bench_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__ ("yield" ::: "memory");
#else
	__asm__ __volatile__ ("" ::: "memory");
#endif
}

/* A claim about two cases: NUMERATOR / DENOMINATOR compared with LIMIT.  */
struct bench_target {
	const char *key;
	const struct bench_case *numerator;
	const struct bench_case *denominator;
	bool at_most;			/* <= LIMIT, otherwise >= LIMIT */
	double limit;
};

/* A set of results as the programs report it: ratios are against BASELINE,
   and the TARGETS whose two cases were measured are evaluated.  */
struct bench_report {
	const struct bench_settings *settings;
	const struct bench_result *results;
	size_t n;
	const struct bench_case *baseline;
	const struct bench_target *targets;
	size_t n_targets;
	const char *note;		/* why the numbers mislead, or NULL */
};

const struct bench_result *bench_find(const struct bench_report *r,
				      const struct bench_case *c);
/* min_ns(NUMERATOR) / min_ns(DENOMINATOR); NaN when either is missing.  */
double bench_ratio(const struct bench_report *r, const struct bench_case *numerator,
		   const struct bench_case *denominator);

/* Text table; every line starts with INDENT.  */
void bench_print(FILE *out, const char *indent, const struct bench_report *r);
/* One JSON object, as the member KEY of the enclosing object.  */
void bench_write_json(struct json *j, const char *key, const struct bench_report *r);

#endif
