/* SPDX-License-Identifier: MIT */
/* bench-cpu-opv [--quick] [--json]: what cpu_opv() costs (vectors of 1, 2
   and 16 operations, on this CPU and on another one with and without a
   thread of ours running there) against the membarrier it needs; what the
   fence check costs the per-CPU add; the add that always completes on its
   fast path and on its fallback.  Two passes in one run: first with no
   other thread, then with one spinning on the remote CPU.  The issue's
   targets are evaluated at the end.  */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <rseq/rseq.h>
#include "cpu-opv-cases.h"
#include "cpu-read.h"

enum { MAX_CASES = 24 };

/* The cases of one pass, and where each group's results begin in it.  */
struct pass {
	size_t n;
	const struct bench_case *cases[MAX_CASES];
	struct bench_result results[MAX_CASES];
};

struct group_results {
	const struct bench_result *results;
	size_t n;		/* 0: not measured */
};

static struct pass passes[OPV_NR_PASSES];
static struct group_results measured[16];
static const char *notes[4];
static size_t nr_notes;

static const char *method_name(int method)
{
	switch (method) {
	case RSEQ_CPU_OPV_MEMBARRIER_RSEQ: return "membarrier-rseq";
	case RSEQ_CPU_OPV_MEMBARRIER: return "membarrier";
	case RSEQ_CPU_OPV_FENCE_ONLY: return "fence-only";
	default: return "unknown";
	}
}

static bool group_runs(const struct opv_group *g)
{
	return !g->remote || opv_have_remote();
}

/* Times every group of pass P; false (with the reason printed) when the
   run cannot go on.  */
static bool run_pass(enum opv_pass p, const struct bench_settings *settings)
{
	struct pass *pass = &passes[p];
	size_t first[16];

	for (size_t g = 0; g < opv_group_count; g++) {
		const struct opv_group *group = &opv_groups[g];

		first[g] = pass->n;
		if (group->pass != p || !group_runs(group))
			continue;
		for (size_t i = 0; i < group->n && pass->n < MAX_CASES; i++)
			if (opv_case_available(group->cases[i]))
				pass->cases[pass->n++] = group->cases[i];
	}
	if (!pass->n)
		return true;
	const char *problem = p == OPV_BUSY ? opv_start_spinner() : NULL;
	if (problem) {
		fprintf(stderr, "bench-cpu-opv: %s\n", problem);
		return false;
	}
	const int ret = bench_run(pass->cases, pass->n, settings, pass->results);
	const int saved = errno;
	if (p == OPV_BUSY)
		opv_stop_spinner();
	if (ret != 0) {
		fprintf(stderr, "bench-cpu-opv: clock_gettime: %s\n", strerror(saved));
		return false;
	}
	for (size_t g = 0; g < opv_group_count; g++) {
		if (opv_groups[g].pass != p || !group_runs(&opv_groups[g]))
			continue;
		/* Groups of other passes add nothing in between.  */
		const size_t end = g + 1 < opv_group_count ? first[g + 1] : pass->n;
		measured[g].results = &pass->results[first[g]];
		measured[g].n = end - first[g];
	}
	return true;
}

static void group_report(struct bench_report *r, size_t g, const struct bench_settings *settings)
{
	memset(r, 0, sizeof(*r));
	r->settings = settings;
	r->results = measured[g].results;
	r->n = measured[g].n;
	r->baseline = measured[g].results[0].bcase;
	/* The targets compare groups: printed apart, with their limits as
	   given (the shared report shows one decimal).  */
	r->targets = NULL;
	r->n_targets = 0;
}

static const struct bench_result *find(const struct bench_case *c)
{
	for (int p = 0; p < OPV_NR_PASSES; p++)
		for (size_t i = 0; i < passes[p].n; i++)
			if (passes[p].results[i].bcase == c)
				return &passes[p].results[i];
	return NULL;
}

static double target_ratio(const struct bench_target *t)
{
	const struct bench_result *num = find(t->numerator), *den = find(t->denominator);

	return num && den && den->min_ns > 0 ? num->min_ns / den->min_ns : NAN;
}

static bool target_met(const struct bench_target *t, double ratio)
{
	return t->at_most ? ratio <= t->limit : ratio >= t->limit;
}

static void print_text(const struct bench_settings *settings)
{
	printf("registration owner: %s; cpu_opv method: %s; this thread on CPU %d",
	       bench_owner_name(rseq_owner()), method_name(rseq_cpu_opv_method()),
	       opv_local_cpu());
	if (opv_have_remote())
		printf(", remote CPU %d\n", opv_remote_cpu());
	else
		printf(", no remote CPU\n");
	for (size_t g = 0; g < opv_group_count; g++) {
		struct bench_report report;

		if (!measured[g].n)
			continue;
		group_report(&report, g, settings);
		printf("\n%s:\n", opv_groups[g].title);
		bench_print(stdout, "  ", &report);
	}
	printf("\ntargets:\n");
	for (size_t i = 0; i < opv_target_count; i++) {
		const struct bench_target *t = &opv_targets[i];
		const double ratio = target_ratio(t);

		if (!isfinite(ratio)) {
			printf("  %s: not measured\n", t->key);
			continue;
		}
		printf("  %s: %.2f / %.2f ns = %.3fx (want %s %.2fx): %s\n", t->key,
		       find(t->numerator)->min_ns, find(t->denominator)->min_ns, ratio,
		       t->at_most ? "<=" : ">=", t->limit, target_met(t, ratio) ? "met" : "NOT met");
	}
	for (size_t i = 0; i < nr_notes; i++)
		printf("note: %s\n", notes[i]);
}

static void print_json(const struct bench_settings *settings)
{
	struct json j;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_string(&j, "owner", bench_owner_name(rseq_owner()));
	json_string(&j, "cpu_opv_method", method_name(rseq_cpu_opv_method()));
	json_int(&j, "local_cpu", opv_local_cpu());
	if (opv_have_remote())
		json_int(&j, "remote_cpu", opv_remote_cpu());
	else
		json_null(&j, "remote_cpu");
	json_begin_array(&j, "groups");
	for (size_t g = 0; g < opv_group_count; g++) {
		struct bench_report report;

		if (!measured[g].n)
			continue;
		group_report(&report, g, settings);
		json_begin_object(&j, NULL);
		json_string(&j, "title", opv_groups[g].title);
		json_string(&j, "pass", opv_groups[g].pass == OPV_BUSY ? "busy" : "quiet");
		bench_write_json(&j, "benchmark", &report);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_begin_array(&j, "targets");
	for (size_t i = 0; i < opv_target_count; i++) {
		const struct bench_target *t = &opv_targets[i];
		const double ratio = target_ratio(t);

		json_begin_object(&j, NULL);
		json_string(&j, "key", t->key);
		json_string(&j, "numerator", t->numerator->key);
		json_string(&j, "denominator", t->denominator->key);
		json_fixed(&j, "ratio", ratio, 3);
		json_string(&j, "comparison", t->at_most ? "<=" : ">=");
		json_fixed(&j, "limit", t->limit, 2);
		if (isfinite(ratio))
			json_bool(&j, "met", target_met(t, ratio));
		else
			json_null(&j, "met");
		json_end_object(&j);
	}
	json_end_array(&j);
	json_begin_array(&j, "notes");
	for (size_t i = 0; i < nr_notes; i++)
		json_string(&j, NULL, notes[i]);
	json_end_array(&j);
	json_end_object(&j);
}

int main(int argc, char **argv)
{
	const struct bench_settings *settings;
	bool json;
	const int status = bench_parse_command_line(argc, argv, "bench-cpu-opv", &settings, &json);

	if (status >= 0)
		return status;
	const char *problem = opv_setup();
	if (problem) {
		fprintf(stderr, "bench-cpu-opv: %s\n", problem);
		return 1;
	}
	if (!opv_have_remote())
		notes[nr_notes++] = "this process may use one CPU only: no remote-CPU case, and "
				    "no membarrier to a CPU where one of our threads runs";
	if (!opv_can_unregister())
		notes[nr_notes++] = "rseq() cannot unregister and register this thread's area "
				    "again: no case without rseq";
	for (int p = 0; p < OPV_NR_PASSES; p++)
		if (!run_pass((enum opv_pass) p, settings))
			return 1;
	if ((problem = opv_failure())) {
		fprintf(stderr, "bench-cpu-opv: %s failed: %s\n", problem, strerror(errno));
		return 1;
	}
	if (json)
		print_json(settings);
	else
		print_text(settings);
	return bench_finish_output("bench-cpu-opv");
}
