/* SPDX-License-Identifier: MIT */
/* Timing: each case is calibrated so that one batch takes about
   settings->sample_us, then timed settings->samples times.  The samples of
   all cases are interleaved (one batch of each case per round), so that a
   change of clock frequency or a noisy neighbour during the run affects every
   case alike instead of the ones that happened to run at that moment.  */
#include <limits.h>
#include <stdint.h>
#include <time.h>
#include "bench.h"

const struct bench_settings bench_full = { "full", 5000, 7 };
const struct bench_settings bench_quick = { "quick", 1000, 3 };

/* Where the loops' results go, so that they are used.  */
static volatile unsigned long bench_sink;

static int now_ns(int64_t *ns)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return -1;
	*ns = (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
	return 0;
}

static int time_batch(const struct bench_case *c, unsigned long iterations,
		      int64_t *elapsed)
{
	int64_t start, end;

	if (now_ns(&start) != 0)
		return -1;
	bench_sink = c->loop(iterations);
	if (now_ns(&end) != 0)
		return -1;
	*elapsed = end - start;
	return 0;
}

/* Grows the batch until it takes a sixteenth of a sample (long enough for
   the clock's resolution and overhead not to matter), then scales it.  */
static int calibrate(const struct bench_case *c, const struct bench_settings *s,
		     unsigned long *iterations)
{
	const int64_t target = (int64_t) s->sample_us * 1000;
	unsigned long n = 64;
	int64_t elapsed;

	for (;;) {
		if (time_batch(c, n, &elapsed) != 0)
			return -1;
		if (elapsed >= target / 16 || n > ULONG_MAX / 16)
			break;
		n *= 8;
	}
	if (elapsed < 1)
		elapsed = 1;
	const double scaled = (double) n * (double) target / (double) elapsed;
	*iterations = scaled < 1 ? 1 : scaled > (double) (ULONG_MAX / 2) ? ULONG_MAX / 2
		: (unsigned long) scaled;
	return 0;
}

static void sort(double *v, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++)
		for (unsigned int k = i; k > 0 && v[k - 1] > v[k]; k--) {
			const double t = v[k];
			v[k] = v[k - 1];
			v[k - 1] = t;
		}
}

int bench_run(const struct bench_case *const cases[], size_t n,
	      const struct bench_settings *settings, struct bench_result results[])
{
	unsigned int samples = settings->samples;

	if (samples < 1)
		samples = 1;
	if (samples > BENCH_MAX_SAMPLES)
		samples = BENCH_MAX_SAMPLES;
	for (size_t i = 0; i < n; i++) {
		results[i].bcase = cases[i];
		results[i].samples = samples;
		if (calibrate(cases[i], settings, &results[i].iterations) != 0)
			return -1;
	}
	for (unsigned int s = 0; s < samples; s++)
		for (size_t i = 0; i < n; i++) {
			int64_t elapsed;

			if (time_batch(cases[i], results[i].iterations, &elapsed) != 0)
				return -1;
			results[i].sample_ns[s] = (double) elapsed / (double) results[i].iterations;
		}
	for (size_t i = 0; i < n; i++)
		bench_summarize(&results[i]);
	return 0;
}

void bench_summarize(struct bench_result *r)
{
	double sorted[BENCH_MAX_SAMPLES];
	const unsigned int n = r->samples;

	if (n == 0 || n > BENCH_MAX_SAMPLES) {
		r->min_ns = r->median_ns = 0;
		return;
	}
	for (unsigned int s = 0; s < n; s++)
		sorted[s] = r->sample_ns[s];
	sort(sorted, n);
	r->min_ns = sorted[0];
	r->median_ns = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}
