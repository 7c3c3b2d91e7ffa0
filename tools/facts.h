/* SPDX-License-Identifier: MIT */
/* What rseq-info reports: facts about the kernel, the C library, the
   process's registration and the calling thread, collected once, then
   printed as text or JSON.  */
#ifndef LIBRSEQ_TOOLS_FACTS_H
#define LIBRSEQ_TOOLS_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kernel_facts {
	char release[65];		/* uname -r; "" if unknown */
	int rseq_probe_errno;		/* from rseq(NULL, 0, 0, 0) */
	bool rseq_supported;		/* the probe said EINVAL */
	unsigned long at_feature_size;	/* auxv; 0: not reported */
	unsigned long at_align;		/* auxv; 0: not reported */
	bool membarrier_queried;	/* else membarrier_errno says why */
	int membarrier_errno;
	bool membarrier_rseq;		/* PRIVATE_EXPEDITED_RSEQ supported */
};

struct libc_facts {
	char name[64];			/* "glibc", or "" if unknown */
	char version[64];
	const ptrdiff_t *rseq_offset;	/* the exported symbols, or NULL */
	const unsigned int *rseq_size;
	const unsigned int *rseq_flags;
	const char *glibc_tunables;	/* NULL: not set */
	bool rseq_tunable_off;		/* glibc.pthread.rseq=0 among them */
};

struct registration_facts {
	int owner;			/* enum rseq_ownership */
	char reason[256];		/* why, in one sentence */
	ptrdiff_t offset;
	unsigned int size;
	unsigned int flags;
	bool available_kernel;
	bool available_libc;
	int cpu_opv_method;		/* enum rseq_cpu_opv_method */
	char area[512];			/* which object holds the area */
	unsigned int area_length;	/* registered length; 0: not registered */
};

struct thread_facts {
	int32_t cpu_raw;
	int32_t cpu;			/* rseq_current_cpu() */
	int cpu_errno;			/* when cpu < 0 */
	int32_t node;
	int node_errno;			/* when node < 0 */
	bool node_id_available;
	uint32_t mm_cid;
	bool mm_cid_available;
	int max_nr_cpus;
	int max_nr_cpus_errno;		/* when max_nr_cpus < 0 */
};

struct facts {
	struct kernel_facts kernel;
	struct libc_facts libc;
	struct registration_facts registration;
	struct thread_facts thread;
};

void collect_facts(struct facts *f);

/* Fills r->area and r->area_length for the calling thread (area.c).  */
void collect_area(struct registration_facts *r);

/* Fills f->registration.reason from the other facts.  */
void explain_owner(struct facts *f);

/* How cpu_opv() keeps per-CPU operations out of a remote CPU, in words.  */
const char *cpu_opv_method_name(int method);

/* "EINVAL", or "errno N" for names we do not know.  */
const char *errno_name(int err);

#endif
