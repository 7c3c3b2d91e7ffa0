/* SPDX-License-Identifier: MIT */
/* bench-cpu-read [--quick] [--json]: what it costs to learn the current CPU,
   every way at once, against an empty loop with one TLS load.  */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <rseq/rseq.h>
#include "cpu-read.h"

int main(int argc, char **argv)
{
	const struct bench_settings *settings;
	struct bench_result results[16];
	struct bench_report report;
	bool json;
	const int status = bench_parse_command_line(argc, argv, "bench-cpu-read", &settings, &json);

	if (status >= 0)
		return status;
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
	return bench_finish_output("bench-cpu-read");
}
