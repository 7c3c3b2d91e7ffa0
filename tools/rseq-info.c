/* SPDX-License-Identifier: MIT */
/* rseq-info: what this system and this process support for restartable
   sequences, who owns the registration and why, and what reading the
   current CPU costs here; with -p PID, the registrations of another
   process's threads instead (remote.h).  Exit status: 0, 1 on an error
   (said on stderr), 2 on a usage error.  */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rseq/rseq.h>
#include "bench/cpu-read.h"
#include "bench/floor-cases.h"
#include "facts.h"
#include "remote.h"
#include "report.h"

static void usage(FILE *out)
{
	fputs("usage: rseq-info [--json] [--no-bench]\n"
	      "       rseq-info [--json] -p PID\n"
	      "Show the kernel's and the C library's restartable-sequences support,\n"
	      "who registers this process's threads and why, the calling thread's\n"
	      "CPU, node and mm_cid, and short benchmarks: current-CPU reads, and a\n"
	      "per-CPU add against the least code that can do it and an atomic add.\n"
	      "With -p, show the registration of every thread of process PID\n"
	      "(through ptrace, Linux 5.13 or later; the process is not changed).\n"
	      "  --json         print the same facts as one JSON object\n"
	      "  --no-bench     skip the benchmarks\n"
	      "  -p, --pid PID  read process PID instead of this one\n"
	      "  --help         print this help and exit\n", out);
}

/* 0 to go on, otherwise the exit status.  */
static int parse_options(int argc, char **argv, bool *json, bool *bench, pid_t *pid)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "no-bench", no_argument, NULL, 'n' },
		{ "pid", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":p:", options, NULL)) != -1) {
		char *end;
		long value;

		switch (opt) {
		case 'j': *json = true; break;
		case 'n': *bench = false; break;
		case 'p':
			errno = 0;
			value = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || value <= 0 || value != (pid_t) value) {
				fprintf(stderr, "rseq-info: not a process id: '%s'\n", optarg);
				usage(stderr);
				return 2;
			}
			*pid = (pid_t) value;
			break;
		case 'h': usage(stdout); return -1;
		case ':':
			fprintf(stderr, "rseq-info: option '%s' needs a process id\n",
				argv[optind - 1]);
			usage(stderr);
			return 2;
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

/* rseq-info -p PID.  */
static int remote_main(pid_t pid, bool json)
{
	struct remote_process p = { .pid = pid };
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/comm", (int) pid);
	FILE *f = fopen(path, "re");
	if (!f) {
		fprintf(stderr, "rseq-info: no process %d\n", (int) pid);
		return 1;
	}
	if (!fgets(p.comm, sizeof(p.comm), f))
		p.comm[0] = 0;
	p.comm[strcspn(p.comm, "\n")] = 0;
	fclose(f);
	remote_read_maps(&p);
	const int status = remote_read_threads(&p);
	if (status) {
		free(p.threads);
		return status;
	}
	remote_read_symbols(&p);
	remote_classify(&p);
	if (json)
		remote_print_json(stdout, &p);
	else
		remote_print_text(stdout, &p);
	free(p.threads);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "rseq-info: write error: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct bench_result results[8], percpu_results[FLOOR_QUICK_MAX];
	struct benchmarks b = { .ran = false };
	struct facts facts;
	bool json = false, bench = true;
	pid_t pid = 0;

	switch (parse_options(argc, argv, &json, &bench, &pid)) {
	case 0: break;
	case 2: return 2;
	default: return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
	}
	if (pid)
		return remote_main(pid, json);
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
