/* SPDX-License-Identifier: MIT */
/* Results as people and programs read them: per-call times, ratios to the
   baseline case, and whether the targets are met.  */
#include <math.h>
#include <string.h>
#include "bench.h"

const struct bench_result *bench_find(const struct bench_report *r,
				      const struct bench_case *c)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->results[i].bcase == c)
			return &r->results[i];
	return NULL;
}

double bench_ratio(const struct bench_report *r, const struct bench_case *numerator,
		   const struct bench_case *denominator)
{
	const struct bench_result *num = bench_find(r, numerator);
	const struct bench_result *den = bench_find(r, denominator);

	if (!num || !den || !(den->min_ns > 0))
		return NAN;
	return num->min_ns / den->min_ns;
}

static bool target_met(const struct bench_target *t, double ratio)
{
	return t->at_most ? ratio <= t->limit : ratio >= t->limit;
}

static void print_ratio(FILE *out, double ratio)
{
	if (isfinite(ratio))
		fprintf(out, "%8.2fx", ratio);
	else
		fprintf(out, "%9s", "-");
}

void bench_print(FILE *out, const char *indent, const struct bench_report *r)
{
	int width = (int) strlen("case");

	for (size_t i = 0; i < r->n; i++) {
		const int len = (int) strlen(r->results[i].bcase->label);
		if (len > width)
			width = len;
	}
	fprintf(out, "%s%-*s %9s %9s %9s\n", indent, width, "case", "ns/call", "median",
		"ratio");
	for (size_t i = 0; i < r->n; i++) {
		const struct bench_result *res = &r->results[i];

		fprintf(out, "%s%-*s %9.2f %9.2f ", indent, width, res->bcase->label,
			res->min_ns, res->median_ns);
		print_ratio(out, bench_ratio(r, res->bcase, r->baseline));
		fputc('\n', out);
	}
	fprintf(out, "%sns/call: fastest of %u samples of about %u ms each (median beside it),\n"
		"%sloop overhead included; ratio: ns/call divided by that of %s.\n",
		indent, r->n ? r->results[0].samples : 0, (r->settings->sample_us + 500) / 1000,
		indent, r->baseline->label);
	for (size_t i = 0; i < r->n_targets; i++) {
		const struct bench_target *t = &r->targets[i];
		const double ratio = bench_ratio(r, t->numerator, t->denominator);

		if (!isfinite(ratio))
			continue;
		fprintf(out, "%starget: %s / %s = %.2fx (want %s %.2fx): %s\n", indent,
			t->numerator->label, t->denominator->label, ratio,
			t->at_most ? "<=" : ">=", t->limit,
			target_met(t, ratio) ? "met" : "NOT met");
	}
	if (r->note)
		fprintf(out, "%snote: %s\n", indent, r->note);
}

void bench_write_json(struct json *j, const char *key, const struct bench_report *r)
{
	json_begin_object(j, key);
	json_string(j, "settings", r->settings->name);
	json_int(j, "sample_us", r->settings->sample_us);
	json_int(j, "samples", r->n ? r->results[0].samples : 0);
	json_string(j, "baseline", r->baseline->key);
	json_begin_array(j, "cases");
	for (size_t i = 0; i < r->n; i++) {
		const struct bench_result *res = &r->results[i];

		json_begin_object(j, NULL);
		json_string(j, "key", res->bcase->key);
		json_string(j, "label", res->bcase->label);
		json_fixed(j, "ns_per_call", res->min_ns, 2);
		json_fixed(j, "median_ns_per_call", res->median_ns, 2);
		json_fixed(j, "ratio", bench_ratio(r, res->bcase, r->baseline), 2);
		json_int(j, "iterations_per_sample", (long long) res->iterations);
		json_end_object(j);
	}
	json_end_array(j);
	json_begin_array(j, "targets");
	for (size_t i = 0; i < r->n_targets; i++) {
		const struct bench_target *t = &r->targets[i];
		const double ratio = bench_ratio(r, t->numerator, t->denominator);

		if (!isfinite(ratio))
			continue;
		json_begin_object(j, NULL);
		json_string(j, "key", t->key);
		json_string(j, "numerator", t->numerator->key);
		json_string(j, "denominator", t->denominator->key);
		json_fixed(j, "ratio", ratio, 2);
		json_string(j, "comparison", t->at_most ? "<=" : ">=");
		json_fixed(j, "limit", t->limit, 2);
		json_bool(j, "met", target_met(t, ratio));
		json_end_object(j);
	}
	json_end_array(j);
	json_string(j, "note", r->note);
	json_end_object(j);
}
