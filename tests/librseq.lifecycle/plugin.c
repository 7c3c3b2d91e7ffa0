/* SPDX-License-Identifier: MIT */
/* The plugin of the dlclose test.  Its per-CPU code is simulated: a
   critical-section descriptor of the plugin's own, naming code of the
   plugin, is stored in rseq_cs and left there, as a real critical section
   leaves it after committing; the kernel reads it at the next preemption
   or signal.  Before the plugin can be unloaded, every thread that ran it
   calls rseq_prepare_unload(), so that the kernel never reads an unmapped
   descriptor.  */
#include <pthread.h>
#include <sched.h>
#include <rseq/rseq.h>
#include "plugin.h"

enum { NR_THREADS = 2, SECTIONS = 200 };

/* The descriptor's code: a range no thread ever runs, and an abort handler
   preceded by the signature, which the kernel checks whether or not it
   aborts anything.  */
#define PLUGIN_STR2(x) #x
#define PLUGIN_STR(x) PLUGIN_STR2(x)
__asm__(".pushsection .text\n"
	".hidden plugin_cs_start, plugin_cs_end, plugin_cs_abort\n"
	"plugin_cs_start: nop\n"
	"plugin_cs_end: nop\n"
	".long " PLUGIN_STR(RSEQ_SIG) "\n"
	"plugin_cs_abort: nop\n"
	".popsection\n");
/* Hidden in C too, so that the addresses are computed PC-relative: through
   the GOT, the assembler turns each reference to these local labels into
   one to .text plus an offset, and the aarch64 linker gives all three the
   same GOT slot (offset dropped), which made the descriptor's range empty
   and its abort handler unsigned there.  */
#define PLUGIN_LABEL extern const char __attribute__((visibility("hidden")))
PLUGIN_LABEL plugin_cs_start[];
PLUGIN_LABEL plugin_cs_end[];
PLUGIN_LABEL plugin_cs_abort[];

static struct rseq_abi_cs descriptor;
static pthread_t threads[NR_THREADS];
static volatile int stopping;
static bool threads_ok[NR_THREADS];

/* What a committed critical section leaves behind.  */
static void leave_rseq_cs_set(void)
{
	RSEQ_WRITE_ONCE(rseq_get_abi()->rseq_cs.arch.ptr, (uintptr_t) &descriptor);
}

static void *plugin_thread(void *arg)
{
	bool *ok = arg;

	*ok = rseq_register_current_thread() == 0;
	for (int i = 0; i < SECTIONS || !__atomic_load_n(&stopping, __ATOMIC_RELAXED); i++) {
		leave_rseq_cs_set();
		*ok &= rseq_current_cpu_raw() >= 0;
		sched_yield();
	}
	rseq_prepare_unload();
	*ok &= rseq_unregister_current_thread() == 0;
	return NULL;
}

int plugin_start(void)
{
	descriptor.version = 0;
	descriptor.flags = 0;
	descriptor.start_ip = (uintptr_t) plugin_cs_start;
	descriptor.post_commit_offset = plugin_cs_end - plugin_cs_start;
	descriptor.abort_ip = (uintptr_t) plugin_cs_abort;
	stopping = 0;
	for (int i = 0; i < NR_THREADS; i++) {
		int err = pthread_create(&threads[i], NULL, plugin_thread, &threads_ok[i]);
		if (err)
			return err;
	}
	return 0;
}

bool plugin_stop(void)
{
	bool ok = true;

	__atomic_store_n(&stopping, 1, __ATOMIC_RELAXED);
	for (int i = 0; i < NR_THREADS; i++)
		ok &= pthread_join(threads[i], NULL) == 0 && threads_ok[i];
	return ok;
}

bool plugin_visit(bool keep)
{
	bool ok = rseq_register_current_thread() == 0;

	leave_rseq_cs_set();
	ok &= rseq_current_cpu_raw() >= 0;
	rseq_prepare_unload();
	if (!keep)
		ok &= rseq_unregister_current_thread() == 0;
	return ok;
}
