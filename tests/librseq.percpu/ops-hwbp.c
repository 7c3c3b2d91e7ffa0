/* SPDX-License-Identifier: MIT */
/* Stops by hardware breakpoint: a perf event on an execute breakpoint that
   sends SIGTRAP to the thread itself (sigtrap=1), whose handler copies the
   fixture.  Some machines (a hypervisor that does not pass the debug
   registers through) open such an event without error and never fire it:
   a breakpoint is trusted only once one on a function of ours fired on
   every call.  */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "ops-stop.h"
#include "check.h"
#include "probe.h"

enum { PROBE_CALLS = 10 };

static struct fixture *snapshot;	/* where the first trap copies the fixture */
static volatile sig_atomic_t traps;

static void on_trap(int sig, siginfo_t *info, void *context)
{
	(void) sig;
	(void) info;
	(void) context;
	if (!traps && snapshot)
		memcpy(snapshot, &ops_fixture, sizeof(*snapshot));
	traps++;
}

static void catch_traps(struct sigaction *old)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_trap;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	REQUIRE(sigaction(SIGTRAP, &sa, old) == 0);
}

static void event_enable(int fd, bool on)
{
	REQUIRE(ioctl(fd, on ? PERF_EVENT_IOC_ENABLE : PERF_EVENT_IOC_DISABLE, 0) == 0);
}

static int open_breakpoint(uint64_t address, uint64_t len)
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

/* An execution breakpoint's length must be the kernel's sizeof(long), which
   a 32-bit program on a 64-bit kernel does not know: 8 first, then 4.  */
static int breakpoint_at(uintptr_t address)
{
	const int fd = open_breakpoint(address, HW_BREAKPOINT_LEN_8);

	if (fd < 0 && errno == EINVAL)
		return open_breakpoint(address, HW_BREAKPOINT_LEN_4);
	return fd;
}

/* Called through a volatile pointer, so that every call reaches the
   address the breakpoint is on.  */
static __attribute__((noinline)) void probe_target(void)
{
	__asm__ __volatile__("" ::: "memory");
}

static void (*volatile probe_call)(void) = probe_target;

static const char *absent(void)
{
	static bool probed;
	static char why[128];
	struct sigaction old;
	int fd;

	if (probed)
		return why[0] ? why : NULL;
	probed = true;
#if !defined(__x86_64__) && !defined(__i386__)
	/* Elsewhere the breakpoint exception comes before the instruction
	   runs, and the handler's return can take it again and again (arm64
	   under qemu-system never got past the probe): x86 only, where the
	   resume flag steps over it.  */
	snprintf(why, sizeof(why), "execute breakpoints are used on x86 only");
	return why;
#endif
	if (probe_forced_absent("perf-event"))
		snprintf(why, sizeof(why), "perf-event %s", PROBE_FORCED_WHY);
	else if (probe_forced_absent("hw-breakpoint"))
		snprintf(why, sizeof(why), "hw-breakpoint %s", PROBE_FORCED_WHY);
	else if ((fd = breakpoint_at((uintptr_t) probe_target)) < 0)
		snprintf(why, sizeof(why), "perf_event_open: %s", strerror(errno));
	else {
		catch_traps(&old);
		snapshot = NULL;
		traps = 0;
		event_enable(fd, true);
		for (int i = 0; i < PROBE_CALLS; i++)
			probe_call();
		event_enable(fd, false);
		close(fd);
		REQUIRE(sigaction(SIGTRAP, &old, NULL) == 0);
		if (traps != PROBE_CALLS)
			snprintf(why, sizeof(why),
				 "a breakpoint on a function fired %d times in %d calls",
				 (int) traps, PROBE_CALLS);
	}
	return why[0] ? why : NULL;
}

static void run(const struct ops_op *op, const struct rseq_abi_cs *cs, struct ops_stop *stop)
{
	const int fd = breakpoint_at((uintptr_t) (cs->start_ip + cs->post_commit_offset));
	struct sigaction old;

	stop->ret = -1;
	stop->problem[0] = '\0';
	if (fd < 0) {
		snprintf(stop->problem, sizeof(stop->problem), "perf_event_open: %s",
			 strerror(errno));
		stop->reached = false;
		return;
	}
	catch_traps(&old);
	snapshot = &stop->at;
	for (int i = 0; i < OPS_ATTEMPTS && stop->ret == -1; i++) {
		ops_start(op);
		traps = 0;
		event_enable(fd, true);
		stop->ret = ops_call(op, inject_current_index(), OPS_NONE_DIFFERS);
		event_enable(fd, false);
	}
	close(fd);
	REQUIRE(sigaction(SIGTRAP, &old, NULL) == 0);
	snapshot = NULL;
	stop->reached = traps != 0;
}

const struct ops_stop_way ops_stop_by_hw_breakpoint = {
	"hardware breakpoints", absent, run,
};
