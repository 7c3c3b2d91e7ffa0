/* SPDX-License-Identifier: MIT */
/* bench-cpu-read [--quick] [--json]: what it costs to learn the current CPU,
   every way at once, against an empty loop with one TLS load.  */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <rseq/rseq.h>
#include "cpu-read.h"

static void usage(FILE *out)
{
	fputs("usage: bench-cpu-read [--quick] [--json]\n"
	      "  --quick  fewer, shorter samples\n"
	      "  --json   print the results as one JSON object\n", out);
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "quick", no_argument, NULL, 'q' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct bench_settings *settings = &bench_full;
	struct bench_result results[16];
	struct bench_report report;
	bool json = false;
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'q': settings = &bench_quick; break;
		case 'j': json = true; break;
		case 'h': usage(stdout); return 0;
		default:
			fprintf(stderr, "bench-cpu-read: unknown option '%s'\n", argv[optind - 1]);
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "bench-cpu-read: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (bench_run(bench_cpu_read_all, bench_cpu_read_all_count, settings, results) != 0) {
		fprintf(stderr, "bench-cpu-read: clock_gettime: %s\n", strerror(errno));
		return 1;
	}
	bench_cpu_read_report(&report, settings, results, bench_cpu_read_all_count);
	if (json) {
		struct json j;

		json_init(&j, stdout);
		json_begin_object(&j, NULL);
		json_string(&j, "owner", bench_owner_name(rseq_owner()));
		json_int(&j, "rseq_size", rseq_size);
		json_int(&j, "cpu_raw", rseq_current_cpu_raw());
		bench_write_json(&j, "benchmark", &report);
		json_end_object(&j);
	} else {
		printf("registration owner: %s, rseq_size %u, this thread's raw cpu_id %d\n\n",
		       bench_owner_name(rseq_owner()), rseq_size, rseq_current_cpu_raw());
		bench_print(stdout, "", &report);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "bench-cpu-read: write error: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
