/* SPDX-License-Identifier: MIT */
/* library libc|librseq [LIBPARTICIPANT]: the protocol spoken by a shared
   library that comes after librseq.so in the lookup order, linked with the
   program, or dlopen()ed from LIBPARTICIPANT.  Its definitions lose to
   librseq's: it shares librseq's own __rseq_abi when librseq owns the
   registration, and falls back when glibc owns it.  */
#include <dlfcn.h>
#include <stdio.h>
#include <rseq/rseq.h>
#include "check.h"
#include "libparticipant.h"
#include "participant.h"
#include "rseq-threads.h"

struct participant_lib {
	const void *(*area)(void);
	uint32_t (*count)(void);
	int32_t (*cpu_id)(void);
	void (*mix)(int, long, long, struct mix_totals *);
};

static void load(struct participant_lib *lib, const char *path)
{
#ifndef PARTICIPANT_DLOPEN
	(void) path;
	*lib = (struct participant_lib) { participant_lib_area, participant_lib_count,
					  participant_lib_cpu_id, mix_run };
#else
	void *h = REQUIRE_DLOPEN(path, RTLD_NOW | RTLD_LOCAL);
	lib->area = (const void *(*)(void)) dlsym(h, "participant_lib_area");
	lib->count = (uint32_t (*)(void)) dlsym(h, "participant_lib_count");
	lib->cpu_id = (int32_t (*)(void)) dlsym(h, "participant_lib_cpu_id");
	lib->mix = (void (*)(int, long, long, struct mix_totals *)) dlsym(h, "mix_run");
	REQUIRE(lib->area && lib->count && lib->cpu_id && lib->mix);
#endif
}

int main(int argc, char **argv)
{
	const bool owned = librseq_mode(argc, argv);
	const char *path = argc > 2 ? argv[2] : NULL;
	struct participant_lib lib;

	if (!participant_has_sequence()) {
		plan(1);
		unsupported("the protocol test has no hand-written sequence for this architecture");
		return 0;
	}
	plan(6);
	load(&lib, path);
	void *self = dlopen("librseq.so.1", RTLD_NOW | RTLD_NOLOAD);
	REQUIRE(self != NULL);
	const void *librseq_abi = dlsym(self, "__rseq_abi");
	REQUIRE(librseq_abi != NULL);
	check(lib.area() == librseq_abi, "the library's __rseq_abi is librseq's own");
	if (owned) {
		check(rseq_get_abi() == librseq_abi, "librseq registers its own __rseq_abi");
		check_why(lib.count() == 1 && lib.cpu_id() >= 0,
			  "the library sees the registration and librseq's count",
			  "count %u cpu_id %d", lib.count(), lib.cpu_id());
	} else {
		check(rseq_get_abi() != librseq_abi, "libc's area is not __rseq_abi");
		check_why(lib.count() == 0 && lib.cpu_id() == RSEQ_ABI_CPU_ID_UNINITIALIZED,
			  "__rseq_abi stays unregistered, its count 0",
			  "count %u cpu_id %d", lib.count(), lib.cpu_id());
	}
	struct mix_totals m;
	lib.mix(4, 400000, 2000, &m);
	check_why(!m.gave_up && m.sum == m.expected && m.expected > 0,
		  "the library's sequences and librseq's operations give the exact sum",
		  "sum %ld expected %ld gave up %d", m.sum, m.expected, m.gave_up);
	check_why(m.count_changed == 0 && m.cycle_errors == 0 && m.claims_unregistered == 0,
		  "__rseq_refcount came back and never claimed an unregistered __rseq_abi",
		  "count changed %d, failed calls %d, false claims %ld", m.count_changed,
		  m.cycle_errors, m.claims_unregistered);
	check_why(owned ? m.participant_fallbacks == 0 && m.participant_commits > 0
			: m.participant_fallbacks == 4 && m.participant_commits == 0,
		  "the library's sequences ran exactly when librseq owns the registration",
		  "fallbacks %d commits %ld", m.participant_fallbacks, m.participant_commits);
	note("mix: %ld by the library's sequence (%ld in handlers), %ld by librseq, "
	     "%ld register/unregister cycles; area: %s; participants: %s",
	     m.participant_commits, m.handler_commits, m.library_commits, m.cycles,
	     owned ? "librseq.so.1's __rseq_abi" : "libc's",
	     owned ? (path ? "the dlopen()ed library and librseq (2)"
			   : "the library loaded after librseq.so and librseq (2)")
		   : "librseq alone (the library falls back)");
	return 0;
}
