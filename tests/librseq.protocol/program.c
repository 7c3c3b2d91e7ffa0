/* SPDX-License-Identifier: MIT */
/* program libc|librseq [exec-child]: a program that defines __rseq_abi and
   __rseq_refcount weakly and follows the protocol with its own sequence,
   linked with librseq.  When librseq owns the registration, the program's
   object is the area of every thread, registered before a thread's start
   routine runs, and the count shows librseq's references; when glibc owns
   it, __rseq_abi stays unregistered and the count at zero, and the
   program's protocol code falls back.  Then the same across fork(), exec
   and thread exit with protocol references held.  */
#define DEFINE_PROTOCOL_SYMBOLS
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <rseq/rseq.h>
#include "check.h"
#include "mix.h"
#include "participant.h"
#include "rseq-threads.h"

static bool owned;	/* librseq owns the registration */

struct first_look {
	int32_t cpu_id;
	uint32_t count;
	struct participant_acquired how;
	bool acquired;
	bool hold;	/* exit holding the reference */
};

static void *look(void *arg)
{
	struct first_look *l = arg;

	l->cpu_id = (int32_t) RSEQ_READ_ONCE(__rseq_abi.cpu_id);
	l->count = __rseq_refcount;
	l->acquired = participant_acquire(&l->how);
	if (l->acquired && !l->hold)
		participant_release();
	return NULL;
}

static void check_start_state(const char *who, int32_t cpu_id, uint32_t count)
{
	if (owned) {
		check_why(cpu_id >= 0, "the program's __rseq_abi is registered", "%s: cpu_id %d",
			  who, cpu_id);
		check_why(count == 1, "__rseq_refcount counts librseq's references as one",
			  "%s: %u", who, count);
	} else {
		check_why(cpu_id == RSEQ_ABI_CPU_ID_UNINITIALIZED,
			  "the program's __rseq_abi stays unregistered", "%s: cpu_id %d", who, cpu_id);
		check_why(count == 0, "__rseq_refcount stays 0", "%s: %u", who, count);
	}
}

/* Its checks are in the plan of the image that called exec.  */
static int exec_child(void)
{
	check(owned ? rseq_get_abi() == &__rseq_abi : rseq_get_abi() != &__rseq_abi,
	      "after exec: the area is the program's __rseq_abi when librseq owns it");
	check_start_state("after exec", (int32_t) __rseq_abi.cpu_id, __rseq_refcount);
	struct participant_acquired how;
	const bool ok = participant_acquire(&how);
	check_why(owned ? ok && how.shared : !ok && how.err == EINVAL,
		  "after exec: protocol code shares the registration, or falls back",
		  "ok %d shared %d errno %d", ok, how.shared, how.err);
	return 0;
}

int main(int argc, char **argv)
{
	owned = librseq_mode(argc, argv);
	if (argc > 2 && !strcmp(argv[2], "exec-child"))
		return exec_child();
	if (!participant_has_sequence()) {
		plan(1);
		unsupported("the protocol test has no hand-written sequence for this architecture");
		return 0;
	}
	plan(20);
	check(rseq_owner() == (owned ? RSEQ_OWNER_LIBRSEQ : RSEQ_OWNER_LIBC),
	      "the expected owner");
	check(owned ? rseq_get_abi() == &__rseq_abi : rseq_get_abi() != &__rseq_abi,
	      "the area is the program's __rseq_abi exactly when librseq owns the registration");
	check_start_state("initial thread", (int32_t) __rseq_abi.cpu_id, __rseq_refcount);

	/* A new thread, before anything else: registered on our object.  */
	struct first_look l = { 0 };
	pthread_t t;
	REQUIRE(pthread_create(&t, NULL, look, &l) == 0);
	REQUIRE(pthread_join(t, NULL) == 0);
	check_start_state("new thread's first statement", l.cpu_id, l.count);
	check_why(owned ? l.acquired && l.how.shared : !l.acquired && l.how.err == EINVAL,
		  "a thread's protocol code shares the registration (no rseq() call), or falls back",
		  "acquired %d shared %d errno %d", l.acquired, l.how.shared, l.how.err);

	struct mix_totals m;
	mix_run(6, 600000, 3000, &m);
	check_why(!m.gave_up && m.sum == m.expected && m.expected > 0,
		  "the program's sequences and librseq's operations give the exact sum",
		  "sum %ld expected %ld gave up %d", m.sum, m.expected, m.gave_up);
	check_why(owned ? m.participant_fallbacks == 0 && m.participant_commits > 0
			: m.participant_fallbacks == 6 && m.participant_commits == 0,
		  "the program's sequences ran exactly when librseq owns the registration",
		  "fallbacks %d commits %ld", m.participant_fallbacks, m.participant_commits);
	check_why(m.count_changed == 0 && m.cycle_errors == 0,
		  "every thread's __rseq_refcount came back, handlers and librseq's cycles included",
		  "%d threads, %d failed calls", m.count_changed, m.cycle_errors);
	check_why(m.claims_unregistered == 0,
		  "__rseq_refcount never claimed an unregistered __rseq_abi",
		  "%ld times", m.claims_unregistered);
	note("mix: %ld by the program's sequence (%ld in handlers), %ld by librseq, "
	     "%ld register/unregister cycles; area: %s; participants: %s",
	     m.participant_commits, m.handler_commits, m.library_commits, m.cycles, owned ? "the program's __rseq_abi" : "libc's",
	     owned ? "the program's code and librseq (2)" : "librseq alone (the program falls back)");

	/* Thread exit with a protocol reference held, then new threads.  */
	struct first_look held = { .hold = true };
	REQUIRE(pthread_create(&t, NULL, look, &held) == 0);
	REQUIRE(pthread_join(t, NULL) == 0);
	l = (struct first_look) { 0 };
	REQUIRE(pthread_create(&t, NULL, look, &l) == 0);
	REQUIRE(pthread_join(t, NULL) == 0);
	check_start_state("thread after one that exited holding a reference", l.cpu_id, l.count);

	/* fork() with references held by the program and librseq.  */
	struct participant_acquired how;
	const bool main_ok = participant_acquire(&how);
	const uint32_t count_before = __rseq_refcount;
	pid_t pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		int cpu;
		bool good = __rseq_refcount == count_before;
		if (owned) {
			good = good && (int32_t) __rseq_abi.cpu_id >= 0;
			long tries = 0;
			while (participant_add((intptr_t[512]){ 0 }, 1, &cpu, 0) != 0 && ++tries < 1000000)
				;
			good = good && tries < 1000000 && cpu < 512;
		}
		if (main_ok)
			participant_release();
		good = good && rseq_register_current_thread() == 0
		       && rseq_unregister_current_thread() == 0;
		_exit(good ? 0 : 1);
	}
	int status;
	REQUIRE(waitpid(pid, &status, 0) == pid);
	check_why(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		  "a fork child keeps the registration and the count", "status 0x%x", status);
	check(__rseq_refcount == count_before, "the parent's count is untouched by the child");
	check(main_ok == owned, "the initial thread's protocol reference");

	/* exec with the reference still held: the new image starts afresh.  */
	fflush(stdout);
	execl("/proc/self/exe", argv[0], argv[1], "exec-child", (char *) NULL);
	check(false, "exec: %s", strerror(errno));
	return 0;
}
