/* SPDX-License-Identifier: MIT */
/* dlclose libc|librseq PLUGIN_SO: a program that does not link librseq
   loads and unloads a plugin that does, 100 times, while threads of its
   own keep running.  In each cycle the plugin runs threads of its own, and
   the program's threads call into it (the first time, they keep the
   reference they take), leaving its critical-section descriptor in rseq_cs
   until rseq_prepare_unload(); so does the thread that unloads it, right
   before dlclose().  After each dlclose(), a signal to each of the
   program's threads makes the kernel look at their rseq_cs: a descriptor
   left pointing into the unloaded plugin would kill the process.  librseq itself stays loaded (it is linked -z nodelete), and
   the threads that kept a reference stay registered.  */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include "plugin.h"
#include "rseq-threads.h"

enum { CYCLES = 100, NR_WORKERS = 2 };

struct worker {
	pthread_t thread;
	int generation_done;		/* last generation visited */
	bool visits_ok;
	int32_t cpu_at_end;
};

static bool (*volatile visit)(bool keep);
static volatile int generation;
static volatile int finished;
/* Handlers on several CPUs count at once: an atomic increment, or one of
   them may be lost and the wait below never end.  */
static int signals_seen;
static const ptrdiff_t *offset;		/* librseq's rseq_offset, once loaded */

static void on_signal(int sig)
{
	(void) sig;
	__atomic_fetch_add(&signals_seen, 1, __ATOMIC_RELAXED);
}

static void *worker(void *arg)
{
	struct worker *w = arg;

	w->visits_ok = true;
	for (;;) {
		const int g = __atomic_load_n(&generation, __ATOMIC_ACQUIRE);

		if (g != w->generation_done) {
			w->visits_ok &= visit(g == 1);
			__atomic_store_n(&w->generation_done, g, __ATOMIC_RELEASE);
		}
		if (__atomic_load_n(&finished, __ATOMIC_ACQUIRE))
			break;
		sched_yield();
	}
	w->cpu_at_end = cpu_id_at(*offset);
	return NULL;
}

int main(int argc, char **argv)
{
	struct worker workers[NR_WORKERS];
	bool started = true, stopped = true, closed = true, main_visits_ok = true;
	struct sigaction sa;

	librseq_mode(argc, argv);
	REQUIRE(argc == 3);
	plan(5);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	REQUIRE(sigaction(SIGUSR1, &sa, NULL) == 0);
	for (int i = 0; i < NR_WORKERS; i++) {
		workers[i].generation_done = 0;
		REQUIRE(pthread_create(&workers[i].thread, NULL, worker, &workers[i]) == 0);
	}

	for (int cycle = 1; cycle <= CYCLES; cycle++) {
		void *plugin = REQUIRE_DLOPEN(argv[2], RTLD_NOW | RTLD_LOCAL);
		int (*start)(void) = (int (*)(void)) dlsym(plugin, "plugin_start");
		bool (*stop)(void) = (bool (*)(void)) dlsym(plugin, "plugin_stop");
		visit = (bool (*)(bool)) dlsym(plugin, "plugin_visit");
		REQUIRE(start && stop && visit);
		if (!offset) {
			void *librseq = dlopen("librseq.so.1", RTLD_LAZY | RTLD_NOLOAD);
			REQUIRE(librseq != NULL);
			offset = dlsym(librseq, "rseq_offset");
			REQUIRE(offset != NULL);
		}

		started &= start() == 0;
		__atomic_store_n(&generation, cycle, __ATOMIC_RELEASE);
		for (int i = 0; i < NR_WORKERS; i++)
			while (__atomic_load_n(&workers[i].generation_done, __ATOMIC_ACQUIRE) != cycle)
				sched_yield();
		stopped &= stop();
		/* This thread too, right before the unload: nothing in
		   between gives the kernel a chance to clear rseq_cs itself.  */
		main_visits_ok &= visit(false);
		closed &= dlclose(plugin) == 0;

		const int before = __atomic_load_n(&signals_seen, __ATOMIC_RELAXED);
		REQUIRE(raise(SIGUSR1) == 0);
		for (int i = 0; i < NR_WORKERS; i++)
			REQUIRE(pthread_kill(workers[i].thread, SIGUSR1) == 0);
		while (__atomic_load_n(&signals_seen, __ATOMIC_RELAXED) < before + 1 + NR_WORKERS)
			sched_yield();
	}
	__atomic_store_n(&finished, 1, __ATOMIC_RELEASE);
	bool visits_ok = true, kept = true;
	for (int i = 0; i < NR_WORKERS; i++) {
		REQUIRE(pthread_join(workers[i].thread, NULL) == 0);
		visits_ok &= workers[i].visits_ok;
		kept &= workers[i].cpu_at_end >= 0;
	}

	check(started && stopped && closed,
	      "100 cycles of dlopen(), plugin threads registered throughout, dlclose()");
	check(visits_ok && main_visits_ok,
	      "the program's threads registered through the plugin in every cycle");
	check(signals_seen == CYCLES * (1 + NR_WORKERS),
	      "a signal to each of them after every dlclose(): no crash");
	check(dlopen("librseq.so.1", RTLD_LAZY | RTLD_NOLOAD) != NULL,
	      "librseq stays loaded after the plugin is gone");
	check(kept, "the threads that kept a reference are still registered");
	return 0;
}
