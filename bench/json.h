/* SPDX-License-Identifier: MIT */
/* A tiny streaming JSON writer, shared by bench-cpu-read and rseq-info (both
   print the benchmark results, so the writer lives with them).  Keys are
   given with each value; pass NULL inside arrays and for the top level.  */
#ifndef LIBRSEQ_BENCH_JSON_H
#define LIBRSEQ_BENCH_JSON_H

#include <stdbool.h>
#include <stdio.h>

enum { JSON_MAX_DEPTH = 16 };

struct json {
	FILE *out;
	int depth;
	bool has_members[JSON_MAX_DEPTH];	/* a comma is due before the next */
};

void json_init(struct json *j, FILE *out);
void json_begin_object(struct json *j, const char *key);
void json_end_object(struct json *j);
void json_begin_array(struct json *j, const char *key);
void json_end_array(struct json *j);
/* A NULL value writes null.  */
void json_string(struct json *j, const char *key, const char *value);
void json_int(struct json *j, const char *key, long long value);
/* Fixed-point with DECIMALS digits; a non-finite value writes null.  */
void json_fixed(struct json *j, const char *key, double value, int decimals);
void json_bool(struct json *j, const char *key, bool value);
void json_null(struct json *j, const char *key);

#endif
