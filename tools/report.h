/* SPDX-License-Identifier: MIT */
/* The two ways rseq-info prints its facts and, when it ran, the benchmark
   (BENCH NULL: skipped).  */
#ifndef LIBRSEQ_TOOLS_REPORT_H
#define LIBRSEQ_TOOLS_REPORT_H

#include <stdio.h>
#include "bench/bench.h"
#include "facts.h"

void print_text(FILE *out, const struct facts *f, const struct bench_report *bench);
void print_json(FILE *out, const struct facts *f, const struct bench_report *bench);

#endif
