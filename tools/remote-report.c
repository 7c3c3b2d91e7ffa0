/* SPDX-License-Identifier: MIT */
/* rseq-info -p PID, printed: one line per thread in text, one object per
   thread in JSON.  JSON keys change only by addition.  */
#include <inttypes.h>
#include "bench/json.h"
#include "remote.h"

const char *remote_owner_name(enum remote_owner owner)
{
	switch (owner) {
	case REMOTE_OWNER_NONE: return "none";
	case REMOTE_OWNER_GLIBC: return "glibc";
	case REMOTE_OWNER_LIBRSEQ: return "librseq";
	case REMOTE_OWNER_ELSEWHERE: return "elsewhere";
	case REMOTE_OWNER_UNKNOWN: break;
	}
	return "unknown";
}

static const char *owner_text(enum remote_owner owner)
{
	switch (owner) {
	case REMOTE_OWNER_GLIBC:
		return "glibc's area, in the C library's static TLS";
	case REMOTE_OWNER_LIBRSEQ:
		return "librseq's own area, in its TLS";
	case REMOTE_OWNER_ELSEWHERE:
		return "elsewhere: neither glibc's nor librseq's area (registered by other code)";
	default:
		return "unknown place (the thread pointer or __rseq_offset could not be read)";
	}
}

static void print_value(FILE *out, const char *what, struct remote_value v)
{
	if (v.known)
		fprintf(out, " %s %lld", what, v.value);
	else
		fprintf(out, " %s unknown", what);
}

void remote_print_text(FILE *out, const struct remote_process *p)
{
	fprintf(out, "process %d (%s): %zu thread%s\n", (int) p->pid, p->comm, p->nr_threads,
		p->nr_threads == 1 ? "" : "s");
	fprintf(out, "librseq loaded: %s%s%s\n", p->librseq_path[0] ? "yes (" : "no",
		p->librseq_path, p->librseq_path[0] ? ")" : "");
	fprintf(out, "glibc:");
	print_value(out, "__rseq_offset", p->glibc_offset);
	print_value(out, "__rseq_size", p->glibc_size);
	if (p->librseq_path[0]) {
		fputc(';', out);
		print_value(out, "librseq rseq_offset", p->librseq_offset);
	}
	fputc('\n', out);
	for (size_t i = 0; i < p->nr_threads; i++) {
		const struct remote_thread *t = &p->threads[i];

		fprintf(out, "thread %d: ", (int) t->tid);
		if (t->state == REMOTE_GONE)
			fprintf(out, "exited while being read\n");
		else if (!t->config.area)
			fprintf(out, "not registered\n");
		else
			fprintf(out, "area 0x%" PRIx64 " length %" PRIu32 " signature 0x%08" PRIx32
				" flags 0x%" PRIx32 ": %s\n", t->config.area, t->config.size,
				t->config.signature, t->config.flags, owner_text(t->owner));
	}
}

static void json_value(struct json *j, const char *key, struct remote_value v)
{
	if (v.known)
		json_int(j, key, v.value);
	else
		json_null(j, key);
}

void remote_print_json(FILE *out, const struct remote_process *p)
{
	struct json j;
	char hex[32];

	json_init(&j, out);
	json_begin_object(&j, NULL);
	json_int(&j, "pid", p->pid);
	json_string(&j, "comm", p->comm);
	json_bool(&j, "librseq_loaded", p->librseq_path[0] != 0);
	json_string(&j, "librseq_path", p->librseq_path[0] ? p->librseq_path : NULL);
	json_value(&j, "glibc_rseq_offset", p->glibc_offset);
	json_value(&j, "glibc_rseq_size", p->glibc_size);
	json_value(&j, "librseq_rseq_offset", p->librseq_offset);
	json_begin_array(&j, "threads");
	for (size_t i = 0; i < p->nr_threads; i++) {
		const struct remote_thread *t = &p->threads[i];
		const bool read = t->state == REMOTE_READ;

		json_begin_object(&j, NULL);
		json_int(&j, "tid", t->tid);
		json_bool(&j, "exited", !read);
		json_bool(&j, "registered", read && t->config.area);
		if (read && t->config.area) {
			snprintf(hex, sizeof(hex), "0x%" PRIx64, t->config.area);
			json_string(&j, "area", hex);
			json_int(&j, "length", t->config.size);
			snprintf(hex, sizeof(hex), "0x%08" PRIx32, t->config.signature);
			json_string(&j, "signature", hex);
			json_int(&j, "flags", t->config.flags);
		} else {
			json_null(&j, "area");
			json_null(&j, "length");
			json_null(&j, "signature");
			json_null(&j, "flags");
		}
		json_string(&j, "owner", read ? remote_owner_name(t->owner) : NULL);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_end_object(&j);
}
