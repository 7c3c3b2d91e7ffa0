/* SPDX-License-Identifier: MIT */
/* Stops without hardware breakpoints: the operation runs in a traced fork
   child, in whose copy of the code the parent replaces the start of the
   post-commit instruction by a breakpoint (ops-trace-arch.h).  A fork
   child is a copy of this address space, so the fixture, the code and the
   thread's rseq area are at the same addresses there, and the kernel
   keeps the thread's registration across fork, whoever (glibc or
   librseq) made it.  Only ptrace itself is needed, which Yama
   (ptrace_scope 3), seccomp or a container may forbid: a traced child
   must be seen stopped first.  */
#define _GNU_SOURCE
#include <elf.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "ops-trace-arch.h"
#include "ops-stop.h"
#include "check.h"
#include "probe.h"

/* Generous: a child that neither stops nor exits is a failure of its own,
   not a hung suite.  */
enum { WAIT_LIMIT_MS = 30000 };

/* How the child ends: the call's result + 1 (0..2), or one of these.  */
enum { CHILD_UNTRACED = 10, CHILD_UNREGISTERED = 11 };

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double) t.tv_sec * 1e3 + (double) t.tv_nsec / 1e6;
}

/* waitpid() that gives up after WAIT_LIMIT_MS; polls, because the
   controller thread, not this one, may get the SIGCHLD.  */
static bool wait_child(pid_t pid, int *status)
{
	const double limit = now_ms() + WAIT_LIMIT_MS;
	struct timespec pause = { 0, 10000 };

	for (;;) {
		const pid_t got = waitpid(pid, status, WNOHANG | __WALL);

		if (got == pid)
			return true;
		REQUIRE(got == 0 || errno == EINTR);
		if (now_ms() > limit)
			return false;
		nanosleep(&pause, NULL);
		if (pause.tv_nsec < 1000000)
			pause.tv_nsec *= 2;
	}
}

static void kill_child(pid_t pid)
{
	int status;

	kill(pid, SIGKILL);
	while (waitpid(pid, &status, __WALL) < 0)
		REQUIRE(errno == EINTR);
}

static void describe_status(char *buf, size_t size, int status)
{
	if (WIFEXITED(status))
		snprintf(buf, size, "exited with %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "killed by %s", strsignal(WTERMSIG(status)));
	else if (WIFSTOPPED(status))
		snprintf(buf, size, "stopped by %s", strsignal(WSTOPSIG(status)));
	else
		snprintf(buf, size, "status %#x", status);
}

/* A new child that asked to be traced, seen stopped by SIGSTOP before it
   does anything else; else -1 and WHY.  */
static pid_t traced_child(void (*body)(const struct ops_op *), const struct ops_op *op,
			  char *why, size_t size)
{
	char how[64];
	int status;
	const pid_t pid = fork();

	REQUIRE(pid >= 0);
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) != 0)
			_exit(CHILD_UNTRACED);
		raise(SIGSTOP);
		body(op);
		_exit(0);
	}
	if (!wait_child(pid, &status)) {
		snprintf(why, size, "a child that asked to be traced did not stop in %d ms",
			 WAIT_LIMIT_MS);
		kill_child(pid);
		return -1;
	}
	if (WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP)
		return pid;
	if (WIFEXITED(status) && WEXITSTATUS(status) == CHILD_UNTRACED)
		snprintf(why, size, "PTRACE_TRACEME failed in a child");
	else {
		describe_status(how, sizeof(how), status);
		snprintf(why, size, "a child that asked to be traced %s", how);
	}
	if (!WIFEXITED(status) && !WIFSIGNALED(status))
		kill_child(pid);
	return -1;
}

static void nothing(const struct ops_op *op)
{
	(void) op;
}

static const char *absent(void)
{
	static bool probed;
	static char why[128];

	if (probed)
		return why[0] ? why : NULL;
	probed = true;
#ifndef TRACE_BREAKPOINT
	snprintf(why, sizeof(why), "no software breakpoint written for this architecture");
	return why;
#endif
	if (probe_forced_absent("ptrace")) {
		snprintf(why, sizeof(why), "ptrace %s", PROBE_FORCED_WHY);
		return why;
	}
	const double start = now_ms();
	const pid_t pid = traced_child(nothing, NULL, why, sizeof(why));

	if (pid > 0)
		kill_child(pid);
	note("ptrace probe: a traced child %s in %.1f ms", pid > 0 ? "stopped" : "failed",
	     now_ms() - start);
	return why[0] ? why : NULL;
}

#ifdef TRACE_BREAKPOINT
/* In the child: the call, as the parent's other checks make it.  */
static void child_calls(const struct ops_op *op)
{
	const int32_t cpu = rseq_current_cpu_raw();
	int ret = -1;

	/* fork keeps the thread's registration, whoever made it, and the
	   kernel updates the area on the child's way to user space: an area
	   it dropped says -1, one it does not update may contradict
	   getcpu().  The parent then compares the child's rseq_cs with
	   ours.  */
	if (cpu < 0 || cpu != rseq_fallback_current_cpu())
		_exit(CHILD_UNREGISTERED);
	for (int i = 0; i < OPS_ATTEMPTS && ret == -1; i++) {
		ops_start(op);
		ret = ops_call(op, inject_current_index(), OPS_NONE_DIFFERS);
	}
	_exit(ret + 1);
}

static long peek(pid_t pid, int request, uintptr_t address)
{
	errno = 0;
	const long word = ptrace(request, pid, (void *) address, NULL);

	REQUIRE(errno == 0);
	return word;
}

static void peek_fixture(pid_t pid, struct fixture *to)
{
	const uintptr_t from = (uintptr_t) &ops_fixture;

	for (size_t i = 0; i < sizeof(*to); i += sizeof(long)) {
		const long word = peek(pid, PTRACE_PEEKDATA, from + i);
		const size_t n = sizeof(*to) - i < sizeof(long) ? sizeof(*to) - i : sizeof(long);

		memcpy((char *) to + i, &word, n);
	}
}

static uintptr_t get_pc(pid_t pid, trace_regs *regs)
{
	struct iovec iov = { regs, sizeof(*regs) };

	REQUIRE(ptrace(PTRACE_GETREGSET, pid, (void *) NT_PRSTATUS, &iov) == 0);
	return (uintptr_t) TRACE_PC(*regs);
}

/* The child stopped at ADDRESS's breakpoint: the picture, then ADDRESS's
   own instruction, run as if nothing happened.  False when it stopped
   elsewhere.  */
static bool at_breakpoint(pid_t pid, uintptr_t address, long original,
			  const struct rseq_abi_cs *cs, struct ops_stop *stop)
{
	trace_regs regs;
	const uintptr_t pc = get_pc(pid, &regs);

	if (pc - TRACE_PC_PAST != address) {
		snprintf(stop->problem, sizeof(stop->problem),
			 "SIGTRAP with the PC at %#lx, not at %#lx + %d",
			 (unsigned long) pc, (unsigned long) address, TRACE_PC_PAST);
		return false;
	}
	stop->reached = true;
	peek_fixture(pid, &stop->at);
	/* Unless a preemption cleared it already, the child's rseq_cs still
	   names the sequence it just completed: ours.  */
	const long child_cs = peek(pid, PTRACE_PEEKDATA,
				   (uintptr_t) &rseq_get_abi()->rseq_cs.arch.ptr);
	if (child_cs != 0 && child_cs != (long) (uintptr_t) cs)
		snprintf(stop->problem, sizeof(stop->problem),
			 "the child's rseq_cs is %#lx, not %p", (unsigned long) child_cs,
			 (const void *) cs);
	REQUIRE(ptrace(PTRACE_POKETEXT, pid, (void *) address, (void *) original) == 0);
	if (TRACE_PC_PAST) {
		struct iovec iov = { &regs, sizeof(regs) };

		TRACE_PC(regs) = address;
		REQUIRE(ptrace(PTRACE_SETREGSET, pid, (void *) NT_PRSTATUS, &iov) == 0);
	}
	return true;
}

/* Until the child exits, or fails.  */
static void follow(pid_t pid, uintptr_t address, long original, const struct rseq_abi_cs *cs,
		   struct ops_stop *stop)
{
	int status, sig = 0;

	for (;;) {
		REQUIRE(ptrace(PTRACE_CONT, pid, NULL, (void *) (uintptr_t) sig) == 0);
		if (!wait_child(pid, &status)) {
			snprintf(stop->problem, sizeof(stop->problem),
				 "the child did not finish in %d ms", WAIT_LIMIT_MS);
			kill_child(pid);
			return;
		}
		if (WIFEXITED(status) && WEXITSTATUS(status) <= 2) {
			stop->ret = WEXITSTATUS(status) - 1;
			return;
		}
		if (WIFEXITED(status) && WEXITSTATUS(status) == CHILD_UNREGISTERED) {
			snprintf(stop->problem, sizeof(stop->problem),
				 "rseq is not registered in the fork child");
			return;
		}
		if (!WIFSTOPPED(status)) {
			char how[64];

			describe_status(how, sizeof(how), status);
			snprintf(stop->problem, sizeof(stop->problem), "the child %s", how);
			return;
		}
		sig = WSTOPSIG(status);
		if (sig == SIGTRAP && !stop->reached) {
			if (!at_breakpoint(pid, address, original, cs, stop)) {
				kill_child(pid);
				return;
			}
			sig = 0;
		}
	}
}

static void run(const struct ops_op *op, const struct rseq_abi_cs *cs, struct ops_stop *stop)
{
	const uintptr_t address = (uintptr_t) (cs->start_ip + cs->post_commit_offset);
	const double start = now_ms();

	stop->ret = -1;
	stop->reached = false;
	stop->problem[0] = '\0';
	/* What the child starts from, for the caller's expectations.  */
	ops_start(op);
	const pid_t pid = traced_child(child_calls, op, stop->problem, sizeof(stop->problem));

	if (pid < 0)
		return;
	REQUIRE(ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *) PTRACE_O_EXITKILL) == 0);
	const long original = peek(pid, PTRACE_PEEKTEXT, address);
	static const unsigned char breakpoint[] = TRACE_BREAKPOINT;
	long patched = original;

	_Static_assert(sizeof(breakpoint) <= sizeof(patched), "a breakpoint fits in a word");
	memcpy(&patched, breakpoint, sizeof(breakpoint));

	REQUIRE(ptrace(PTRACE_POKETEXT, pid, (void *) address, (void *) patched) == 0);
	follow(pid, address, original, cs, stop);
	note("%s: the traced child took %.1f ms", op->name, now_ms() - start);
}

#else
static void run(const struct ops_op *op, const struct rseq_abi_cs *cs, struct ops_stop *stop)
{
	(void) op;
	(void) cs;
	snprintf(stop->problem, sizeof(stop->problem), "%s", absent());
}
#endif

const struct ops_stop_way ops_stop_by_traced_child = {
	"software breakpoints under ptrace", absent, run,
};
