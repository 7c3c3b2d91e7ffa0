/* SPDX-License-Identifier: MIT */
/* Reads each thread's rseq registration with PTRACE_GET_RSEQ_CONFIGURATION.
   One thread at a time is seized (PTRACE_SEIZE: no signal is sent, unlike
   PTRACE_ATTACH), interrupted, read and detached at once; a signal that
   the stop consumed is given back on detach.  SIGINT, SIGTERM, SIGHUP and
   SIGQUIT are blocked meanwhile, so that rseq-info never dies with a
   thread still traced: one that arrives ends it after the last detach.  */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__i386__)
#include <asm/ldt.h>
#endif
#include "remote.h"

#ifndef PTRACE_GET_RSEQ_CONFIGURATION
#define PTRACE_GET_RSEQ_CONFIGURATION 0x420f
#endif

/* The thread pointer of a stopped thread, where this architecture's tool
   knows how to read it.  */
static bool thread_pointer(pid_t tid, uint64_t *tp)
{
#if defined(__x86_64__)
	struct user_regs_struct regs;

	if (ptrace(PTRACE_GETREGS, tid, NULL, &regs))
		return false;
	*tp = regs.fs_base;
	return true;
#elif defined(__i386__)
	struct user_regs_struct regs;
	struct user_desc desc;

	if (ptrace(PTRACE_GETREGS, tid, NULL, &regs))
		return false;
	if (ptrace(PTRACE_GET_THREAD_AREA, tid, (void *) (uintptr_t) (regs.xgs >> 3), &desc))
		return false;
	*tp = desc.base_addr;
	return true;
#else
	(void) tid;
	(void) tp;
	return false;
#endif
}

static void explain_eperm(pid_t pid)
{
	char scope[16] = "?";
	FILE *f = fopen("/proc/sys/kernel/yama/ptrace_scope", "re");

	if (f) {
		if (!fgets(scope, sizeof(scope), f))
			strcpy(scope, "?");
		scope[strcspn(scope, "\n")] = 0;
		fclose(f);
	}
	fprintf(stderr,
		"rseq-info: cannot trace process %d: %s\n"
		"  Reading another process's registration needs ptrace access to it.\n"
		"  Yama's kernel.yama.ptrace_scope is %s here (0: any process of the same\n"
		"  user; 1: only descendants, or a process that allowed it with\n"
		"  prctl(PR_SET_PTRACER); 2: only with CAP_SYS_PTRACE; 3: never).  Run\n"
		"  rseq-info as the target's user with a scope that allows it, or with\n"
		"  CAP_SYS_PTRACE (as root).  A seccomp filter or a container may forbid\n"
		"  ptrace(2) too.\n", (int) pid, strerror(EPERM), f ? scope : "absent (no Yama)");
}

/* Waits for TID's stop after PTRACE_INTERRUPT.  Returns the signal to give
   back on detach (0 for none), or -1 when the thread is gone.  */
static int wait_stop(pid_t tid)
{
	int status;

	for (;;) {
		const pid_t got = waitpid(tid, &status, __WALL);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 || WIFEXITED(status) || WIFSIGNALED(status))
			return -1;
		if (!WIFSTOPPED(status))
			continue;
		/* A signal-delivery stop took the signal from the thread;
		   event stops (the interrupt, a group stop) did not.  Without
		   tracing options, no other stop has (status >> 16) == 0.  */
		return (status >> 16) == 0 ? WSTOPSIG(status) : 0;
	}
}

/* Whether thread TID of PID has ended or is ending: the kernel refuses to
   attach to an exiting thread with EPERM, which must not read as a
   permission problem.  */
static bool thread_ending(pid_t pid, pid_t tid)
{
	char path[80], line[64];
	bool ending = true;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/status", (int) pid, (int) tid);
	FILE *f = fopen(path, "re");
	if (!f)
		return true;
	while (fgets(line, sizeof(line), f)) {
		char state;

		if (sscanf(line, "State: %c", &state) == 1) {
			ending = state == 'Z' || state == 'X';
			break;
		}
	}
	fclose(f);
	return ending;
}

/* Reads thread T of PID.  Returns 0, or an errno that ends the whole
   reading.  */
static int read_thread(pid_t pid, struct remote_thread *t)
{
	t->state = REMOTE_GONE;
	if (ptrace(PTRACE_SEIZE, t->tid, NULL, NULL)) {
		const int err = errno;

		return err == ESRCH || (err == EPERM && thread_ending(pid, t->tid)) ? 0 : err;
	}
	if (ptrace(PTRACE_INTERRUPT, t->tid, NULL, NULL)) {
		const int err = errno;

		ptrace(PTRACE_DETACH, t->tid, NULL, NULL);
		return err == ESRCH ? 0 : err;
	}
	const int sig = wait_stop(t->tid);
	if (sig < 0)
		return 0;
	int err = 0;
	const long got = ptrace(PTRACE_GET_RSEQ_CONFIGURATION, t->tid,
				(void *) sizeof(t->config), &t->config);
	if (got < 0)
		err = errno == ESRCH ? 0 : errno;
	else if (got >= (long) offsetof(struct remote_rseq_config, pad))
		t->state = REMOTE_READ;
	if (t->state == REMOTE_READ)
		t->have_tp = thread_pointer(t->tid, &t->tp);
	ptrace(PTRACE_DETACH, t->tid, NULL, (void *) (uintptr_t) sig);
	return err;
}

/* The thread ids of P, from /proc/PID/task.  Returns 0 or an errno.  */
static int list_threads(struct remote_process *p)
{
	char path[64];
	struct dirent *d;
	size_t cap = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", (int) p->pid);
	DIR *dir = opendir(path);
	if (!dir)
		return errno;
	while ((d = readdir(dir))) {
		char *end;
		const long tid = strtol(d->d_name, &end, 10);

		if (*end || tid <= 0)
			continue;
		if (p->nr_threads == cap) {
			cap = cap ? 2 * cap : 16;
			struct remote_thread *more = realloc(p->threads, cap * sizeof(*more));
			if (!more) {
				closedir(dir);
				return ENOMEM;
			}
			p->threads = more;
		}
		p->threads[p->nr_threads++] = (struct remote_thread) { .tid = (pid_t) tid };
	}
	closedir(dir);
	return 0;
}

int remote_read_threads(struct remote_process *p)
{
	sigset_t fatal, old;
	int err;

	if ((err = list_threads(p))) {
		if (err == ENOENT)
			fprintf(stderr, "rseq-info: no process %d\n", (int) p->pid);
		else
			fprintf(stderr, "rseq-info: cannot list the threads of process %d: %s\n",
				(int) p->pid, strerror(err));
		return 1;
	}
	sigemptyset(&fatal);
	sigaddset(&fatal, SIGINT);
	sigaddset(&fatal, SIGTERM);
	sigaddset(&fatal, SIGHUP);
	sigaddset(&fatal, SIGQUIT);
	sigprocmask(SIG_BLOCK, &fatal, &old);
	for (size_t i = 0; i < p->nr_threads && !err; i++)
		err = read_thread(p->pid, &p->threads[i]);
	sigprocmask(SIG_SETMASK, &old, NULL);

	size_t gone = 0;
	for (size_t i = 0; i < p->nr_threads; i++)
		gone += p->threads[i].state == REMOTE_GONE;
	if (err == EPERM) {
		explain_eperm(p->pid);
		return 1;
	}
	if (err == EIO) {
		fprintf(stderr, "rseq-info: the kernel cannot report rseq registrations "
			"(PTRACE_GET_RSEQ_CONFIGURATION needs Linux 5.13 or later)\n");
		return 1;
	}
	if (err) {
		fprintf(stderr, "rseq-info: reading process %d: %s\n", (int) p->pid, strerror(err));
		return 1;
	}
	if (gone == p->nr_threads) {
		fprintf(stderr, "rseq-info: process %d exited while it was read\n", (int) p->pid);
		return 1;
	}
	return 0;
}
