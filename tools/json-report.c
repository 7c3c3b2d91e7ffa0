/* SPDX-License-Identifier: MIT */
/* The facts as one JSON object.  Key names are an interface: scripts read
   them, so they change only by addition.  Values that could not be learned
   are null, with the errno name beside them.  */
#include <config.h>
#include <rseq/rseq.h>
#include "bench/cpu-read.h"
#include "report.h"

static void int_or_null(struct json *j, const char *key, long long value, bool known)
{
	if (known)
		json_int(j, key, value);
	else
		json_null(j, key);
}

static void errno_or_null(struct json *j, const char *key, int err, bool failed)
{
	json_string(j, key, failed ? errno_name(err) : NULL);
}

static void write_kernel(struct json *j, const struct kernel_facts *k)
{
	json_begin_object(j, "kernel");
	json_string(j, "release", k->release[0] ? k->release : NULL);
	json_bool(j, "rseq_supported", k->rseq_supported);
	json_string(j, "rseq_probe_errno", errno_name(k->rseq_probe_errno));
	int_or_null(j, "at_rseq_feature_size", (long long) k->at_feature_size,
		    k->at_feature_size != 0);
	int_or_null(j, "at_rseq_align", (long long) k->at_align, k->at_align != 0);
	json_int(j, "feature_size", k->at_feature_size ? (long long) k->at_feature_size : 20);
	json_int(j, "align", k->at_align ? (long long) k->at_align : 32);
	if (k->membarrier_queried)
		json_bool(j, "membarrier_rseq", k->membarrier_rseq);
	else
		json_null(j, "membarrier_rseq");
	errno_or_null(j, "membarrier_errno", k->membarrier_errno, !k->membarrier_queried);
	json_end_object(j);
}

static void write_libc(struct json *j, const struct libc_facts *l)
{
	json_begin_object(j, "libc");
	json_string(j, "name", l->name[0] ? l->name : NULL);
	json_string(j, "version", l->version[0] ? l->version : NULL);
	json_bool(j, "exports_rseq_symbols", l->rseq_offset && l->rseq_size && l->rseq_flags);
	int_or_null(j, "rseq_offset", l->rseq_offset ? *l->rseq_offset : 0, l->rseq_offset);
	int_or_null(j, "rseq_size", l->rseq_size ? *l->rseq_size : 0, l->rseq_size);
	int_or_null(j, "rseq_flags", l->rseq_flags ? *l->rseq_flags : 0, l->rseq_flags);
	json_string(j, "glibc_tunables", l->glibc_tunables);
	json_bool(j, "rseq_tunable_off", l->rseq_tunable_off);
	json_end_object(j);
}

static void write_registration(struct json *j, const struct registration_facts *r)
{
	json_begin_object(j, "registration");
	json_string(j, "owner", bench_owner_name(r->owner));
	json_string(j, "reason", r->reason);
	json_string(j, "area", r->area);
	json_int(j, "registered_length", r->area_length);
	json_int(j, "rseq_offset", r->offset);
	json_int(j, "rseq_size", r->size);
	json_int(j, "rseq_flags", r->flags);
	json_bool(j, "available_kernel", r->available_kernel);
	json_bool(j, "available_libc", r->available_libc);
	json_string(j, "cpu_opv_method", cpu_opv_method_name(r->cpu_opv_method));
	json_end_object(j);
}

static void write_thread(struct json *j, const struct thread_facts *t)
{
	json_begin_object(j, "thread");
	json_int(j, "cpu_raw", t->cpu_raw);
	int_or_null(j, "cpu", t->cpu, t->cpu >= 0);
	errno_or_null(j, "cpu_errno", t->cpu_errno, t->cpu < 0);
	int_or_null(j, "node", t->node, t->node >= 0);
	errno_or_null(j, "node_errno", t->node_errno, t->node < 0);
	json_bool(j, "node_id_available", t->node_id_available);
	json_int(j, "mm_cid", t->mm_cid);
	json_bool(j, "mm_cid_available", t->mm_cid_available);
	int_or_null(j, "max_nr_cpus", t->max_nr_cpus, t->max_nr_cpus >= 0);
	errno_or_null(j, "max_nr_cpus_errno", t->max_nr_cpus_errno, t->max_nr_cpus < 0);
	json_end_object(j);
}

void print_json(FILE *out, const struct facts *f, const struct benchmarks *b)
{
	struct json j;

	json_init(&j, out);
	json_begin_object(&j, NULL);
	json_begin_object(&j, "tool");
	json_string(&j, "name", "rseq-info");
	json_string(&j, "version", PACKAGE_VERSION);
	json_string(&j, "arch", RSEQ_INFO_ARCH);
	json_end_object(&j);
	write_kernel(&j, &f->kernel);
	write_libc(&j, &f->libc);
	write_registration(&j, &f->registration);
	write_thread(&j, &f->thread);
	if (b->ran)
		bench_write_json(&j, "benchmark", &b->cpu_read);
	else
		json_null(&j, "benchmark");
	if (b->ran && !b->percpu_skipped)
		bench_write_json(&j, "percpu_benchmark", &b->percpu);
	else
		json_null(&j, "percpu_benchmark");
	json_string(&j, "percpu_benchmark_skipped", b->ran ? b->percpu_skipped : "--no-bench");
	json_end_object(&j);
}
