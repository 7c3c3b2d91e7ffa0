/* SPDX-License-Identifier: MIT */
/* The two ways rseq-info prints its facts and, when they ran, the
   benchmarks: current-CPU reads and the per-CPU add against the floor and
   an atomic add.  */
#ifndef LIBRSEQ_TOOLS_REPORT_H
#define LIBRSEQ_TOOLS_REPORT_H

#include <stdio.h>
#include "bench/bench.h"
#include "facts.h"

struct benchmarks {
	bool ran;			/* false: --no-bench */
	struct bench_report cpu_read;
	/* Valid unless percpu_skipped says why it did not run.  */
	struct bench_report percpu;
	const char *percpu_skipped;
};

void print_text(FILE *out, const struct facts *f, const struct benchmarks *b);
void print_json(FILE *out, const struct facts *f, const struct benchmarks *b);

#endif
