/* SPDX-License-Identifier: MIT */
/* rseq-info -p PID: the rseq registrations of another process's threads,
   read from outside with ptrace (remote-trace.c), placed against the
   process's C library and librseq (remote-maps.c), and printed
   (remote-report.c).  */
#ifndef LIBRSEQ_TOOLS_REMOTE_H
#define LIBRSEQ_TOOLS_REMOTE_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* What PTRACE_GET_RSEQ_CONFIGURATION (Linux 5.13) fills in; <linux/ptrace.h>
   cannot be included beside <sys/ptrace.h>.  */
struct remote_rseq_config {
	uint64_t area;
	uint32_t size;
	uint32_t signature;
	uint32_t flags;
	uint32_t pad;
};

enum remote_thread_state {
	REMOTE_READ,	/* config holds the registration (area 0: none) */
	REMOTE_GONE,	/* the thread exited before or while it was read */
};

/* Whose area a registration uses.  */
enum remote_owner {
	REMOTE_OWNER_NONE,	/* not registered */
	REMOTE_OWNER_GLIBC,	/* the area glibc reserves in static TLS */
	REMOTE_OWNER_LIBRSEQ,	/* librseq's own area, in its TLS */
	REMOTE_OWNER_ELSEWHERE,	/* any other address: a foreign registration */
	REMOTE_OWNER_UNKNOWN,	/* the thread pointer or the offsets are unknown */
};

struct remote_thread {
	pid_t tid;
	enum remote_thread_state state;
	struct remote_rseq_config config;
	bool have_tp;
	uint64_t tp;
	enum remote_owner owner;
};

/* A symbol of a library mapped in the target, read from its memory.  */
struct remote_value {
	bool known;
	long long value;
};

struct remote_process {
	pid_t pid;
	char comm[64];
	char exe_path[PATH_MAX];	/* the executable, from /proc/PID/exe */
	char librseq_path[PATH_MAX];	/* "" when librseq is not loaded */
	char ldso_path[PATH_MAX];	/* the dynamic linker, "" in a static program */
	struct remote_value glibc_offset, glibc_size;	/* __rseq_offset, __rseq_size */
	struct remote_value librseq_offset;		/* librseq's rseq_offset */
	size_t nr_threads;
	struct remote_thread *threads;
};

/* Reads the libraries of P->pid from /proc/PID/maps, and the values of
   their symbols from its memory (once ptrace access is granted).  */
void remote_read_maps(struct remote_process *p);
void remote_read_symbols(struct remote_process *p);

/* Reads every thread's registration.  Returns 0, or an exit status after
   saying why on stderr (the process is gone, ptrace is refused, the
   kernel cannot tell).  */
int remote_read_threads(struct remote_process *p);

/* Decides each thread's owner from the values read.  */
void remote_classify(struct remote_process *p);

const char *remote_owner_name(enum remote_owner owner);
void remote_print_text(FILE *out, const struct remote_process *p);
void remote_print_json(FILE *out, const struct remote_process *p);

#endif
