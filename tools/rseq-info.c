/* SPDX-License-Identifier: MIT */
/* rseq-info: what this system and this process support for restartable
   sequences, who owns the registration and why, and what reading the
   current CPU costs here.  Exit status: 0, 1 on an unexpected error (said
   on stderr), 2 on a usage error.  */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <rseq/rseq.h>
#include "bench/cpu-read.h"
#include "bench/floor-cases.h"
#include "facts.h"
#include "report.h"

static void usage(FILE *out)
{
	fputs("usage: rseq-info [--json] [--no-bench]\n"
	      "Show the kernel's and the C library's restartable-sequences support,\n"
	      "who registers this process's threads and why, the calling thread's\n"
	      "CPU, node and mm_cid, and short benchmarks: current-CPU reads, and a\n"
	      "per-CPU add against the least code that can do it and an atomic add.\n"
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

/* The per-CPU add against the floor and an atomic add, when this thread
   can run sequences.  Returns NULL, or why it did not run.  */
static const char *run_percpu(struct bench_report *report, struct bench_result *results)
{
	const struct bench_case *cases[FLOOR_QUICK_MAX];
	const char *problem;

	if (rseq_current_cpu_raw() < 0)
		return "this thread is not registered: every sequence would abort";
	if ((problem = floor_setup(rseq_get_max_nr_cpus())))
		return problem;
	const size_t n = floor_quick_cases(cases);
	if (bench_run(cases, n, &bench_quick, results) != 0)
		return "clock_gettime failed";
	floor_quick_report(report, &bench_quick, results, n);
	return NULL;
}

int main(int argc, char **argv)
{
	struct bench_result results[8], percpu_results[FLOOR_QUICK_MAX];
	struct benchmarks b = { .ran = false };
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
		bench_cpu_read_report(&b.cpu_read, &bench_quick, results,
				      bench_cpu_read_quick_count);
		b.percpu_skipped = run_percpu(&b.percpu, percpu_results);
		b.ran = true;
	}
	if (json)
		print_json(stdout, &facts, &b);
	else
		print_text(stdout, &facts, &b);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "rseq-info: write error: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
