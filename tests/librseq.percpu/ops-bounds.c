/* SPDX-License-Identifier: MIT */
/* The bounds of a sequence as the kernel sees them, from the descriptor the
   thread's area points to after a call: the abort handler lies outside the
   sequence, right after RSEQ_SIG; and the commit is the last instruction,
   so that when the thread reaches the post-commit address, everything the
   operation stores is there.  A hardware breakpoint on that address (a
   perf event that sends SIGTRAP) takes the picture: the address is outside
   the sequence, so the signal aborts nothing.  */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "ops.h"
#include "check.h"

static struct fixture at_post_commit;
static volatile sig_atomic_t trapped;

static void on_trap(int sig, siginfo_t *info, void *context)
{
	(void) sig;
	(void) info;
	(void) context;
	if (!trapped)
		memcpy(&at_post_commit, &ops_fixture, sizeof(at_post_commit));
	trapped = 1;
}

/* The descriptor of the sequence OP last ran; NULL if the kernel already
   cleared the pointer (after a preemption): the caller tries again.  */
static const struct rseq_abi_cs *completed_sequence(const struct ops_op *op)
{
	ops_start(op);
	if (ops_call(op, inject_current_index(), OPS_NONE_DIFFERS) != 0)
		return NULL;
	return (const struct rseq_abi_cs *) (uintptr_t)
		RSEQ_READ_ONCE(rseq_get_abi()->rseq_cs.arch.ptr);
}

/* An execution breakpoint's length must be the kernel's sizeof(long), which
   a 32-bit program on a 64-bit kernel does not know: 8 first, then 4.  */
static int breakpoint_at(uint64_t address, uint64_t len)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_BREAKPOINT;
	attr.size = sizeof(attr);
	attr.bp_type = HW_BREAKPOINT_X;
	attr.bp_addr = address;
	attr.bp_len = len;
	attr.sample_period = 1;
	attr.disabled = 1;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	attr.remove_on_exec = 1;
	attr.sigtrap = 1;
	return (int) syscall(__NR_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

static void check_commit_last(const struct ops_op *op, uint64_t post_commit)
{
	int fd = breakpoint_at(post_commit, HW_BREAKPOINT_LEN_8);

	if (fd < 0 && errno == EINVAL)
		fd = breakpoint_at(post_commit, HW_BREAKPOINT_LEN_4);
	struct fixture expect;
	struct sigaction sa, old;
	int ret = -1;

	if (fd < 0) {
		unsupported("%s: no hardware breakpoint (perf_event_open: %s)", op->name,
			    strerror(errno));
		return;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_trap;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	REQUIRE(sigaction(SIGTRAP, &sa, &old) == 0);
	for (int i = 0; i < OPS_ATTEMPTS && ret == -1; i++) {
		ops_start(op);
		trapped = 0;
		REQUIRE(ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) == 0);
		ret = ops_call(op, inject_current_index(), OPS_NONE_DIFFERS);
		REQUIRE(ioctl(fd, PERF_EVENT_IOC_DISABLE, 0) == 0);
	}
	close(fd);
	REQUIRE(sigaction(SIGTRAP, &old, NULL) == 0);
	expect = ops_before;
	op->apply(&expect);
	ops_check(op, ret == 0 && trapped && !memcmp(&at_post_commit, &expect, sizeof(expect)),
		  "at the post-commit address, the commit is done", "returned %d, %s", ret,
		  !trapped ? "never reached the post-commit address" : "not all stored yet");
}

void ops_check_bounds(const struct ops_op *op)
{
	const struct rseq_abi_cs *cs = NULL;

	for (int i = 0; i < OPS_ATTEMPTS && !cs; i++)
		cs = completed_sequence(op);
	if (!cs) {
		ops_check(op, false, "descriptor: abort handler after RSEQ_SIG, outside",
			  "no completed sequence left its descriptor");
		ops_check(op, false, "at the post-commit address, the commit is done",
			  "no descriptor");
		return;
	}
	const uint64_t start = cs->start_ip, end = start + cs->post_commit_offset;
	const uint64_t abort_ip = cs->abort_ip;
	uint32_t signature;

	memcpy(&signature, (const void *) (uintptr_t) (abort_ip - 4), sizeof(signature));
	ops_check(op, cs->version == 0 && cs->flags == 0 && end > start &&
		  (abort_ip < start || abort_ip >= end) && signature == RSEQ_SIG,
		  "descriptor: abort handler after RSEQ_SIG, outside",
		  "version %u flags %u start %#llx end %#llx abort %#llx signature %#x",
		  cs->version, cs->flags, (unsigned long long) start, (unsigned long long) end,
		  (unsigned long long) abort_ip, signature);
	check_commit_last(op, end);
}
