/* SPDX-License-Identifier: MIT */
/* Collects the facts rseq-info reports.  Reading them changes nothing but
   what cpu_opv() would do on first use anyway: asking for its method
   registers this process for expedited membarriers.  The probe passes a
   NULL area.  */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/membarrier.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <rseq/rseq.h>
#include "facts.h"

/* Numbers rather than names: C library and kernel headers older than the
   features (kernel 6.3 for the auxv entries, 5.10 for the membarrier rseq
   commands) lack the names.  */
enum { AUXV_RSEQ_FEATURE_SIZE = 27, AUXV_RSEQ_ALIGN = 28 };
#define PRIVATE_EXPEDITED_RSEQ	(1 << 7)

static void collect_kernel(struct kernel_facts *k)
{
	struct utsname u;

	if (uname(&u) == 0)
		snprintf(k->release, sizeof(k->release), "%s", u.release);
	errno = 0;
	const int ret = rseq(NULL, 0, 0, 0);
	k->rseq_probe_errno = ret == 0 ? 0 : errno;
	k->rseq_supported = ret != 0 && errno == EINVAL;
	k->at_feature_size = getauxval(AUXV_RSEQ_FEATURE_SIZE);
	k->at_align = getauxval(AUXV_RSEQ_ALIGN);
#ifdef SYS_membarrier
	const long mask = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
	k->membarrier_queried = mask >= 0;
	k->membarrier_errno = mask >= 0 ? 0 : errno;
	k->membarrier_rseq = mask >= 0 && (mask & PRIVATE_EXPEDITED_RSEQ);
#else
	k->membarrier_errno = ENOSYS;
#endif
}

/* True when the colon-separated GLIBC_TUNABLES list sets
   glibc.pthread.rseq=0 (the last setting wins, as in glibc).  */
static bool rseq_tunable_off(const char *tunables)
{
	static const char name[] = "glibc.pthread.rseq=";
	bool off = false;

	for (const char *p = tunables; p; p = strchr(p, ':')) {
		if (*p == ':')
			p++;
		if (strncmp(p, name, sizeof(name) - 1) == 0) {
			const char *value = p + sizeof(name) - 1;
			off = value[0] == '0' && (value[1] == ':' || value[1] == '\0');
		}
	}
	return off;
}

static void collect_libc(struct libc_facts *l)
{
#ifdef _CS_GNU_LIBC_VERSION
	char buf[64];
	const size_t len = confstr(_CS_GNU_LIBC_VERSION, buf, sizeof(buf));

	/* "glibc 2.36" */
	if (len > 0 && len <= sizeof(buf)) {
		const char *space = strchr(buf, ' ');
		if (space) {
			snprintf(l->name, sizeof(l->name), "%.*s", (int) (space - buf), buf);
			snprintf(l->version, sizeof(l->version), "%s", space + 1);
		} else {
			snprintf(l->name, sizeof(l->name), "%s", buf);
		}
	}
#endif
	/* glibc defines them in ld.so (GLIBC_2.35): dlsym finds them without
	   making rseq-info depend on that version.  */
	l->rseq_offset = dlsym(RTLD_DEFAULT, "__rseq_offset");
	l->rseq_size = dlsym(RTLD_DEFAULT, "__rseq_size");
	l->rseq_flags = dlsym(RTLD_DEFAULT, "__rseq_flags");
	l->glibc_tunables = getenv("GLIBC_TUNABLES");
	l->rseq_tunable_off = l->glibc_tunables && rseq_tunable_off(l->glibc_tunables);
}

static void collect_registration(struct registration_facts *r)
{
	r->owner = rseq_owner();
	r->offset = rseq_offset;
	r->size = rseq_size;
	r->flags = rseq_flags;
	r->available_kernel = rseq_available(RSEQ_AVAILABLE_QUERY_KERNEL);
	r->available_libc = rseq_available(RSEQ_AVAILABLE_QUERY_LIBC);
	r->cpu_opv_method = rseq_cpu_opv_method();
	collect_area(r);
}

const char *cpu_opv_method_name(int method)
{
	switch (method) {
	case RSEQ_CPU_OPV_MEMBARRIER_RSEQ:
		return "membarrier-rseq";
	case RSEQ_CPU_OPV_MEMBARRIER:
		return "membarrier";
	case RSEQ_CPU_OPV_FENCE_ONLY:
		return "fence-only";
	default:
		return "unknown";
	}
}

static void collect_thread(struct thread_facts *t)
{
	t->cpu_raw = rseq_current_cpu_raw();
	errno = 0;
	t->cpu = rseq_current_cpu();
	t->cpu_errno = errno;
	errno = 0;
	t->node = rseq_current_node_id();
	t->node_errno = errno;
	t->node_id_available = rseq_node_id_available();
	t->mm_cid = rseq_current_mm_cid();
	t->mm_cid_available = rseq_mm_cid_available();
	errno = 0;
	t->max_nr_cpus = rseq_get_max_nr_cpus();
	t->max_nr_cpus_errno = errno;
}

void collect_facts(struct facts *f)
{
	memset(f, 0, sizeof(*f));
	collect_kernel(&f->kernel);
	collect_libc(&f->libc);
	collect_registration(&f->registration);
	collect_thread(&f->thread);
	explain_owner(f);
}
