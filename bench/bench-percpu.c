/* SPDX-License-Identifier: MIT */
/* bench-percpu [--quick] [--json]: the per-CPU operations against what
   programs use without them (atomics, a mutex) and against the floor
   (floor.h), at 1 and 2 threads; and the memory pools of
   <rseq/mempool.h>: a counter in a pool item against one in a static
   array, malloc + free of an item against malloc(3) + free(3).  The cases
   of each thread count are timed together (interleaved), the 1-thread
   ones first, while the second thread does not exist yet.  */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <rseq/rseq.h>
#include "cpu-read.h"
#include "floor-cases.h"
#include "percpu-cases.h"

enum { MAX_CASES = 48, MAX_GROUPS = 32 };

/* A group to run, and the targets its results are held to.  */
struct planned_group {
	const struct percpu_group *group;
	const struct bench_target *targets;
	size_t n_targets;
};

/* The results of every group with THREADS threads, in group order.  */
struct pass {
	int threads;
	size_t n;
	const struct bench_case *cases[MAX_CASES];
	struct bench_result results[MAX_CASES];
};

/* The groups this machine can run: the mm_cid ones need a kernel that
   keeps mm_cid (their sequences would abort forever).  */
static size_t plan(struct planned_group planned[MAX_GROUPS])
{
	const struct {
		const struct percpu_group *groups;
		size_t n;
		const struct bench_target *targets;
		size_t n_targets;
	} tables[] = {
		{ percpu_groups, percpu_group_count, percpu_targets, percpu_target_count },
		{ floor_groups, floor_group_count, floor_targets, floor_target_count },
	};
	size_t n = 0;

	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (size_t g = 0; g < tables[t].n && n < MAX_GROUPS; g++)
			if (!tables[t].groups[g].mm_cid || rseq_mm_cid_available())
				planned[n++] = (struct planned_group) {
					&tables[t].groups[g], tables[t].targets,
					tables[t].n_targets };
	return n;
}

/* One report per group, over its slice of RESULTS.  */
static void group_report(struct bench_report *r, const struct planned_group *p,
			 const struct bench_settings *settings,
			 const struct bench_result *results)
{
	r->settings = settings;
	r->results = results;
	r->n = p->group->n;
	r->baseline = p->group->cases[0];
	r->targets = p->targets;
	r->n_targets = p->n_targets;
	r->note = p->group->threads > 1 && percpu_one_cpu()
		? "this process may use one CPU only: both threads share it" : NULL;
}

int main(int argc, char **argv)
{
	static struct pass passes[2] = { { .threads = 1 }, { .threads = 2 } };
	static struct planned_group planned[MAX_GROUPS];
	const struct bench_settings *settings;
	bool json;
	const int status = bench_parse_command_line(argc, argv, "bench-percpu", &settings, &json);

	if (status >= 0)
		return status;
	const char *problem = percpu_setup();
	if (!problem)
		problem = floor_setup(rseq_get_max_nr_cpus());
	if (problem) {
		fprintf(stderr, "bench-percpu: %s\n", problem);
		return 1;
	}
	const size_t n_planned = plan(planned);
	for (int p = 0; p < 2; p++) {
		struct pass *pass = &passes[p];

		for (size_t g = 0; g < n_planned; g++)
			for (size_t i = 0; i < planned[g].group->n; i++)
				if (planned[g].group->threads == pass->threads && pass->n < MAX_CASES)
					pass->cases[pass->n++] = planned[g].group->cases[i];
		if (pass->threads > 1 && (problem = percpu_start_second())) {
			fprintf(stderr, "bench-percpu: %s\n", problem);
			return 1;
		}
		if (bench_run(pass->cases, pass->n, settings, pass->results) != 0) {
			fprintf(stderr, "bench-percpu: clock_gettime: %s\n", strerror(errno));
			return 1;
		}
		if (pass->threads > 1)
			percpu_stop_second();
	}

	struct json j;
	if (json) {
		json_init(&j, stdout);
		json_begin_object(&j, NULL);
		json_string(&j, "owner", bench_owner_name(rseq_owner()));
		json_begin_array(&j, "groups");
	} else {
		printf("registration owner: %s; the second thread runs on another CPU\n",
		       bench_owner_name(rseq_owner()));
		if (!rseq_mm_cid_available())
			printf("this kernel does not keep mm_cid: the mm_cid groups are left out\n");
	}
	const struct bench_result *slice[2] = { passes[0].results, passes[1].results };
	for (size_t g = 0; g < n_planned; g++) {
		const struct percpu_group *group = planned[g].group;
		const int p = group->threads > 1;
		struct bench_report report;

		group_report(&report, &planned[g], settings, slice[p]);
		slice[p] += group->n;
		if (json) {
			json_begin_object(&j, NULL);
			json_string(&j, "title", group->title);
			json_int(&j, "threads", group->threads);
			bench_write_json(&j, "benchmark", &report);
			json_end_object(&j);
		} else {
			printf("\n%s, %d thread%s:\n", group->title, group->threads,
			       group->threads > 1 ? "s" : "");
			bench_print(stdout, "  ", &report);
		}
	}
	if (json) {
		json_end_array(&j);
		json_end_object(&j);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "bench-percpu: write error: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
