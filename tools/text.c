/* SPDX-License-Identifier: MIT */
#include <config.h>
#include <rseq/rseq.h>
#include "bench/cpu-read.h"
#include "bench/floor-cases.h"
#include "report.h"

#define ROW "  %-26s "

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

static void print_auxv(FILE *out, const char *name, unsigned long value, unsigned int assumed)
{
	if (value)
		fprintf(out, ROW "%lu\n", name, value);
	else
		fprintf(out, ROW "not reported (kernel < 6.3): %u assumed\n", name, assumed);
}

static void print_kernel(FILE *out, const struct kernel_facts *k)
{
	fprintf(out, "Kernel%s%s\n", k->release[0] ? " " : "", k->release);
	if (k->rseq_supported)
		fprintf(out, ROW "supported (rseq(NULL, 0, 0, 0): EINVAL)\n", "rseq system call:");
	else
		fprintf(out, ROW "not available (rseq(NULL, 0, 0, 0): %s)\n", "rseq system call:",
			errno_name(k->rseq_probe_errno));
	print_auxv(out, "AT_RSEQ_FEATURE_SIZE:", k->at_feature_size, 20);
	print_auxv(out, "AT_RSEQ_ALIGN:", k->at_align, 32);
	if (k->membarrier_queried)
		fprintf(out, ROW "%s\n", "membarrier RSEQ:",
			k->membarrier_rseq ? "supported" : "not supported");
	else
		fprintf(out, ROW "unknown (MEMBARRIER_CMD_QUERY: %s)\n", "membarrier RSEQ:",
			errno_name(k->membarrier_errno));
}

static void print_exported(FILE *out, const char *name, bool exported, long long value)
{
	if (exported)
		fprintf(out, ROW "%lld\n", name, value);
	else
		fprintf(out, ROW "not exported\n", name);
}

static void print_libc(FILE *out, const struct libc_facts *l)
{
	fprintf(out, "\nC library\n");
	if (l->name[0])
		fprintf(out, ROW "%s %s\n", "name, version:", l->name, l->version);
	else
		fprintf(out, ROW "unknown (no _CS_GNU_LIBC_VERSION)\n", "name, version:");
	print_exported(out, "__rseq_offset:", l->rseq_offset != NULL,
		       l->rseq_offset ? *l->rseq_offset : 0);
	print_exported(out, "__rseq_size:", l->rseq_size != NULL,
		       l->rseq_size ? *l->rseq_size : 0);
	print_exported(out, "__rseq_flags:", l->rseq_flags != NULL,
		       l->rseq_flags ? *l->rseq_flags : 0);
	fprintf(out, ROW "%s\n", "GLIBC_TUNABLES:", l->glibc_tunables ? l->glibc_tunables
								      : "(not set)");
}

static void print_registration(FILE *out, const struct registration_facts *r)
{
	fprintf(out, "\nRegistration\n");
	fprintf(out, ROW "%s\n", "owner:", bench_owner_name(r->owner));
	fprintf(out, ROW "%s\n", "why:", r->reason);
	fprintf(out, ROW "%s\n", "area:", r->area);
	if (r->area_length)
		fprintf(out, ROW "%u bytes\n", "registered length:", r->area_length);
	else
		fprintf(out, ROW "none (this thread's area is not registered)\n",
			"registered length:");
	fprintf(out, ROW "%td\n", "rseq_offset:", r->offset);
	fprintf(out, ROW "%u\n", "rseq_size:", r->size);
	fprintf(out, ROW "%u\n", "rseq_flags:", r->flags);
	fprintf(out, ROW "%s\n", "rseq_available(KERNEL):", yes_no(r->available_kernel));
	fprintf(out, ROW "%s\n", "rseq_available(LIBC):", yes_no(r->available_libc));
	fprintf(out, ROW "%s (%s)\n", "cpu_opv method:", cpu_opv_method_name(r->cpu_opv_method),
		r->cpu_opv_method == RSEQ_CPU_OPV_MEMBARRIER_RSEQ
			? "membarrier(PRIVATE_EXPEDITED_RSEQ, FLAG_CPU) for other CPUs, none for "
			  "the caller's own"
		: r->cpu_opv_method == RSEQ_CPU_OPV_MEMBARRIER
			? "plain expedited membarrier: weaker, see cpu_opv(2)"
		: r->cpu_opv_method == RSEQ_CPU_OPV_FENCE_ONLY
			? "no membarrier: the fence alone, see cpu_opv(2)"
			: "unknown");
}

static void print_value_or_errno(FILE *out, const char *name, long value, int err)
{
	if (value >= 0)
		fprintf(out, ROW "%ld\n", name, value);
	else
		fprintf(out, ROW "%ld (%s)\n", name, value, errno_name(err));
}

static void print_thread(FILE *out, const struct thread_facts *t)
{
	fprintf(out, "\nThis thread\n");
	fprintf(out, ROW "%d%s\n", "cpu_id (raw):", t->cpu_raw,
		t->cpu_raw == RSEQ_ABI_CPU_ID_UNINITIALIZED ? " (not registered)"
		: t->cpu_raw == RSEQ_ABI_CPU_ID_REGISTRATION_FAILED ? " (registration failed)"
		: "");
	print_value_or_errno(out, "rseq_current_cpu():", t->cpu, t->cpu_errno);
	print_value_or_errno(out, "node:", t->node, t->node_errno);
	fprintf(out, ROW "%s\n", "node_id in the area:",
		t->node_id_available ? "available" : "not available (getcpu is used)");
	fprintf(out, ROW "%u (%s)\n", "mm_cid:", t->mm_cid,
		t->mm_cid_available ? "available" : "not available: 0 is returned");
	print_value_or_errno(out, "rseq_get_max_nr_cpus():", t->max_nr_cpus,
			     t->max_nr_cpus_errno);
}

/* The cost of the per-CPU add in words: against the floor (where there is
   one) and against the atomic add it replaces.  */
static void print_percpu_cost(FILE *out, const struct bench_report *r)
{
	const struct bench_case *op = &ops_cpu_id_cases[FLOOR_ADD_1T];
	const double vs_atomic = bench_ratio(r, op, &floor_global_atomic_1t);

	if (r->baseline != op)
		fprintf(out, "  rseq_load_add_store__ptr() costs %.2fx the floor,", bench_ratio(r, op, r->baseline));
	else
		fprintf(out, "  rseq_load_add_store__ptr() (no floor for this architecture)");
	fprintf(out, " %.2fx an atomic add on one counter\n", vs_atomic);
}

void print_text(FILE *out, const struct facts *f, const struct benchmarks *b)
{
	fprintf(out, "rseq-info %s (%s)\n\n", PACKAGE_VERSION, RSEQ_INFO_ARCH);
	print_kernel(out, &f->kernel);
	print_libc(out, &f->libc);
	print_registration(out, &f->registration);
	print_thread(out, &f->thread);
	if (!b->ran)
		return;
	fprintf(out, "\nBenchmark (%s)\n", b->cpu_read.settings->name);
	bench_print(out, "  ", &b->cpu_read);
	if (b->percpu_skipped) {
		fprintf(out, "\nPer-CPU counter add: not measured: %s\n", b->percpu_skipped);
		return;
	}
	fprintf(out, "\nPer-CPU counter add, 1 thread (%s)\n", b->percpu.settings->name);
	bench_print(out, "  ", &b->percpu);
	print_percpu_cost(out, &b->percpu);
}
