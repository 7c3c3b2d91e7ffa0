/* SPDX-License-Identifier: MIT */
/* The command line of the benchmark programs: [--quick] [--json].  */
#ifndef LIBRSEQ_BENCH_OPTIONS_H
#define LIBRSEQ_BENCH_OPTIONS_H

#include <stdbool.h>
#include "bench.h"

struct bench_options {
	const struct bench_settings *settings;	/* bench_full, or bench_quick */
	bool json;
};

/* Parses ARGV for program PROG into OPTIONS.  Returns -1 to go on, or the
   status to exit with: 0 after --help, 2 after a usage error (reported).  */
int bench_parse_options(int argc, char **argv, const char *prog,
			struct bench_options *options);

#endif
