/* SPDX-License-Identifier: MIT */
/* rseq-info: what this system and this process support for restartable
   sequences, who owns the registration and why, and what reading the
   current CPU costs here.  Exit status: 0, 1 on an unexpected error (said
   on stderr), 2 on a usage error.  */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "bench/cpu-read.h"
#include "facts.h"
#include "report.h"

static void usage(FILE *out)
{
	fputs("usage: rseq-info [--json] [--no-bench]\n"
	      "Show the kernel's and the C library's restartable-sequences support,\n"
	      "who registers this process's threads and why, the calling thread's\n"
	      "CPU, node and mm_cid, and a short benchmark of current-CPU reads.\n"
	      "  --json      print the same facts as one JSON object\n"
	      "  --no-bench  skip the benchmark\n"
	      "  --help      print this help and exit\n", out);
}

/* 0 to go on, otherwise the exit status.  */
static int parse_options(int argc, char **argv, bool *json, bool *bench)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "no-bench", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'j': *json = true; break;
		case 'n': *bench = false; break;
		case 'h': usage(stdout); return -1;
		default:
			fprintf(stderr, "rseq-info: unknown option '%s'\n", argv[optind - 1]);
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "rseq-info: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct bench_result results[8];
	struct bench_report report;
	struct facts facts;
	bool json = false, bench = true;

	switch (parse_options(argc, argv, &json, &bench)) {
	case 0: break;
	case 2: return 2;
	default: return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
	}
	collect_facts(&facts);
	if (bench) {
		if (bench_run(bench_cpu_read_quick, bench_cpu_read_quick_count, &bench_quick,
			      results) != 0) {
			fprintf(stderr, "rseq-info: benchmark: clock_gettime: %s\n",
				strerror(errno));
			return 1;
		}
		bench_cpu_read_report(&report, &bench_quick, results, bench_cpu_read_quick_count);
	}
	if (json)
		print_json(stdout, &facts, bench ? &report : NULL);
	else
		print_text(stdout, &facts, bench ? &report : NULL);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "rseq-info: write error: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
