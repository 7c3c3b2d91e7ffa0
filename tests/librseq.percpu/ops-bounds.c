/* SPDX-License-Identifier: MIT */
/* The bounds of a sequence as the kernel sees them, from the descriptor the
   thread's area points to after a call: the abort handler lies outside the
   sequence, right after RSEQ_SIG; and the commit is the last instruction,
   so that when the thread reaches the post-commit address, everything the
   operation stores is there (ops-stop.h: how the thread is stopped there).
   The check keeps its name whichever way stopped the thread: which one ran
   is a property of the machine, not of the library.  */
#include "ops-stop.h"
#include "check.h"

static const char commit_done[] = "at the post-commit address, the commit is done";

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

/* The first way that works here, or NULL; WHY says why none does.  */
static const struct ops_stop_way *stop_way(const char **why)
{
	static const struct ops_stop_way *const ways[] = {
		&ops_stop_by_hw_breakpoint, &ops_stop_by_traced_child,
	};
	static const struct ops_stop_way *chosen;
	static char reasons[300];
	static bool probed;

	if (!probed) {
		probed = true;
		for (size_t i = 0; i < sizeof(ways) / sizeof(ways[0]) && !chosen; i++) {
			const char *absent = ways[i]->absent();
			const size_t used = strlen(reasons);

			if (!absent)
				chosen = ways[i];
			else
				snprintf(reasons + used, sizeof(reasons) - used, "%sno %s: %s",
					 used ? "; " : "", ways[i]->name, absent);
		}
		if (chosen)
			note("post-commit stops: %s%s%s%s", chosen->name,
			     reasons[0] ? " (" : "", reasons, reasons[0] ? ")" : "");
	}
	*why = reasons;
	return chosen;
}

static void check_commit_last(const struct ops_op *op, const struct rseq_abi_cs *cs)
{
	const char *why;
	const struct ops_stop_way *way = stop_way(&why);
	struct ops_stop stop;
	struct fixture expect;

	if (!way) {
		unsupported("%s: %s (%s)", op->name, commit_done, why);
		return;
	}
	way->run(op, cs, &stop);
	expect = ops_before;
	op->apply(&expect);
	ops_check(op, stop.ret == 0 && stop.reached && !stop.problem[0] &&
		  !memcmp(&stop.at, &expect, sizeof(expect)), commit_done, "returned %d, %s", stop.ret,
		  stop.problem[0] ? stop.problem : !stop.reached
		  ? "never reached the post-commit address" : "not all stored yet");
}

void ops_check_bounds(const struct ops_op *op)
{
	const struct rseq_abi_cs *cs = NULL;

	for (int i = 0; i < OPS_ATTEMPTS && !cs; i++)
		cs = completed_sequence(op);
	if (!cs) {
		ops_check(op, false, "descriptor: abort handler after RSEQ_SIG, outside",
			  "no completed sequence left its descriptor");
		ops_check(op, false, commit_done, "no descriptor");
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
	check_commit_last(op, cs);
}
