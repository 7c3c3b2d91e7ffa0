/* SPDX-License-Identifier: MIT */
/* run none|generic|registered HAS_DEREF_ADD: every critical section of
   sequences.c aborts without touching its data, in a process where rseq is
   absent ("none": a foreign architecture under qemu-user, which answers
   rseq with ENOSYS) or where the sequences are compiled without critical
   sections ("generic": RSEQ_ARCH_GENERIC, in a registered thread); or,
   under a kernel that registers the thread ("registered": tests/librseq.vm
   boots one for each architecture), each one commits exactly its effect.
   HAS_DEREF_ADD is what rseq_arch_has_load_add_load_load_add_store() must
   say.  */
#include <errno.h>
#include <string.h>
#include <rseq/rseq.h>
#include "check.h"
#include "sequences.h"

/* Our signature must be the one glibc registers with: set ours aside and
   let <sys/rseq.h> define its own.  */
#ifdef RSEQ_SIG
# define RUN_OUR_SIG	1
static const uint32_t our_sig __attribute__((unused)) = RSEQ_SIG;
# undef RSEQ_SIG
# include <sys/rseq.h>
#else
# define RUN_OUR_SIG	0
#endif

/* The generic fallback must define none: librseq would register with it.  */
static void check_signature(bool generic)
{
	const char *name = "RSEQ_SIG is glibc's";

	if (generic) {
		check(!RUN_OUR_SIG, "RSEQ_ARCH_GENERIC defines no RSEQ_SIG");
		return;
	}
#if RUN_OUR_SIG && defined(RSEQ_SIG)
	check_why(our_sig == RSEQ_SIG, name, "ours 0x%08x, glibc's 0x%08x",
		  (unsigned int) our_sig, (unsigned int) RSEQ_SIG);
#elif RUN_OUR_SIG
	unsupported("%s: glibc defines none for this architecture", name);
#else
	check(false, "%s: librseq defines one", name);
#endif
}

/* glibc's own registration, if libc.a brought it along.  */
extern const ptrdiff_t __rseq_offset __attribute__((weak));
extern const unsigned int __rseq_size __attribute__((weak));

/* The area glibc registered (or failed to) must be where the thread pointer
   we use and its __rseq_offset say: the same thread-pointer definition.
   A failed registration leaves RSEQ_ABI_CPU_ID_REGISTRATION_FAILED there.  */
static void check_glibc_area(void)
{
	const char *name = "glibc's area at rseq_thread_pointer() + __rseq_offset "
			   "reads RSEQ_ABI_CPU_ID_REGISTRATION_FAILED";

	if (!&__rseq_offset || !&__rseq_size) {
		unsupported("%s: glibc's symbols are not linked", name);
		return;
	}
	if (__rseq_offset == 0) {
		unsupported("%s: glibc does not register rseq on this architecture", name);
		return;
	}
	const struct rseq_abi *area = (const struct rseq_abi *)
		((uintptr_t) rseq_thread_pointer() + __rseq_offset);
	check_why(__rseq_size == 0 && (int32_t) area->cpu_id == RSEQ_ABI_CPU_ID_REGISTRATION_FAILED,
		  name, "__rseq_size %u, cpu_id %d", __rseq_size, (int) area->cpu_id);
}

static void check_no_rseq(void)
{
	const int max_cpus = rseq_get_max_nr_cpus();
	const int32_t cpu = rseq_current_cpu();

	check_why(rseq_owner() == RSEQ_OWNER_NONE, "rseq_owner() is RSEQ_OWNER_NONE",
		  "%d", rseq_owner());
	check(!rseq_available(RSEQ_AVAILABLE_QUERY_KERNEL) &&
	      !rseq_available(RSEQ_AVAILABLE_QUERY_LIBC), "rseq_available() says no");
	check_why(rseq_size == 0 && rseq_flags == 0, "rseq_size and rseq_flags are 0",
		  "%u, %u", rseq_size, rseq_flags);
	check_why(rseq_current_cpu_raw() == RSEQ_ABI_CPU_ID_REGISTRATION_FAILED &&
		  rseq_cpu_start() == 0,
		  "the raw CPU reads -2 (registration failed), rseq_cpu_start() 0",
		  "%d, %u", (int) rseq_current_cpu_raw(), rseq_cpu_start());
	check_why(max_cpus > 0 && cpu >= 0 && cpu < max_cpus,
		  "rseq_current_cpu() falls back to getcpu: 0 <= cpu < rseq_get_max_nr_cpus()",
		  "cpu %d, max %d", (int) cpu, max_cpus);
	errno = 0;
	check_why(rseq_register_current_thread() == -1 && errno == ENOSYS,
		  "rseq_register_current_thread(): -1, ENOSYS", "errno %d", errno);
	check_glibc_area();
}

static void check_registered(void)
{
	REQUIRE(rseq_register_current_thread() == 0);
	check_why(rseq_owner() != RSEQ_OWNER_NONE && rseq_current_cpu_raw() >= 0,
		  "the thread is registered", "owner %d, cpu_id %d", rseq_owner(),
		  (int) rseq_current_cpu_raw());
}

/* Bounds of the program's descriptors (absent without critical sections).  */
extern const struct rseq_abi_cs __start___rseq_cs[] __attribute__((weak));
extern const struct rseq_abi_cs __stop___rseq_cs[] __attribute__((weak));

/* What a sequence left in the area's rseq_cs: with critical sections, the
   address of a descriptor of this program, computed at run time by the
   architecture's position-independent idiom, in the low half of the
   field; without, nothing.  Returns that descriptor, or NULL.  */
static const struct rseq_abi_cs *stored_descriptor(bool *ok)
{
	const union rseq_abi_ptr cs = rseq_get_abi()->rseq_cs;
	const struct rseq_abi_cs *d = (const struct rseq_abi_cs *) (uintptr_t) cs.arch.ptr;

	if (!__start___rseq_cs) {
		*ok = *ok && cs.ptr64 == 0;
		return NULL;
	}
	*ok = *ok && (uint64_t) (uintptr_t) d == cs.ptr64 && d >= __start___rseq_cs &&
	      d < __stop___rseq_cs &&
	      ((uintptr_t) d - (uintptr_t) __start___rseq_cs) % sizeof(*d) == 0;
	return d;
}

/* Index 0 is valid in both modes, and an unregistered area's mm_cid reads
   0: a cpu_id sequence then aborts only through the registration check
   inside it; an mm_cid sequence, where the kernel keeps no mm_cid (as
   under qemu), before it starts.  */
static void check_sequences(void)
{
	const int cpus[2] = { 0, rseq_current_cpu() };
	const struct rseq_abi_cs *descriptors[seq_case_count];
	bool descriptors_ok = true;

	seq_aborts = 0;
	for (int i = 0; i < seq_case_count; i++) {
		bool ok = true;
		int ret = 0;

		for (int c = 0; c < 2 && ok; c++) {
			struct seq_data data, before;

			seq_init(&data);
			before = data;
			rseq_get_abi()->rseq_cs.ptr64 = 0;
			ret = seq_cases[i].run(&data, cpus[c]);
			ok = ret == -1 && memcmp(&data, &before, sizeof(data)) == 0;
			if (strstr(seq_cases[i].name, "mm_cid") && !rseq_mm_cid_available()) {
				/* Without kernel mm_cid, an mm_cid sequence must
				   abort before it starts (RSEQ_TEMPLATE_REQUIRE_INDEX).  */
				descriptors_ok = descriptors_ok && rseq_get_abi()->rseq_cs.ptr64 == 0;
				descriptors[i] = NULL;
			} else {
				descriptors[i] = stored_descriptor(&descriptors_ok);
			}
		}
		check_why(ok, seq_cases[i].name, "returned %d or changed its data", ret);
		for (int j = 0; j < i; j++)
			descriptors_ok = descriptors_ok && (!descriptors[i] ||
							    descriptors[i] != descriptors[j]);
	}
	check_why(seq_aborts == 2 * seq_case_count,
		  "RSEQ_INJECT_FAILED ran once per abort", "%d for %d", seq_aborts,
		  2 * seq_case_count);
	check(descriptors_ok, __start___rseq_cs ?
	      "each sequence stored a different descriptor of the program in rseq_cs" :
	      "no sequence stored a descriptor in rseq_cs");
}

/* What sequence NAME stores when it commits, from the data BEFORE: the
   operands seq_init() chose make each one succeed.  */
static void committed_effect(const char *name, const struct seq_data *before,
			     struct seq_data *want)
{
	*want = *before;
	if (!strncmp(name, "cbne_store_store_", 17)) {
		want->v2 = 4;
		want->v = 3;
	} else if (!strncmp(name, "cbne_memcpy_store_", 18)) {
		memcpy(want->dst, want->src, sizeof(want->dst));
		want->v = 3;
	} else if (!strncmp(name, "cbne_", 5)) {	/* cbne_store, cbne_cbne_store */
		want->v = 3;
	} else if (!strncmp(name, "pop_", 4)) {
		want->load = before->v;
		want->v = before->node[1];
	} else if (!strncmp(name, "add_store_", 10)) {
		want->v = before->v + 5;
	} else if (!strncmp(name, "deref_add_", 10)) {
		want->counters[1] = before->counters[1] + 7;
	}
}

/* Registered under a real kernel: each sequence, given the current CPU
   (or mm_cid), commits exactly its effect, retried while it aborts (a
   preemption, migration or signal may abort any attempt).  Where the
   kernel keeps no mm_cid, an mm_cid sequence must fail without touching
   its data, every time.  */
static void check_commits(void)
{
	for (int i = 0; i < seq_case_count; i++) {
		const bool mm_cid = strstr(seq_cases[i].name, "mm_cid") != NULL;
		const bool usable = !mm_cid || rseq_mm_cid_available();
		struct seq_data data, before, want;
		int ret = -1, attempts = 0;

		do {
			seq_init(&data);
			before = data;
			attempts++;
			ret = seq_cases[i].run(&data, mm_cid ? (int) rseq_current_mm_cid()
							     : (int) rseq_cpu_start());
		} while (ret == -1 && usable && attempts < 100000);
		if (usable) {
			committed_effect(seq_cases[i].name, &before, &want);
			check_why(ret == 0 && !memcmp(&data, &want, sizeof(data)),
				  seq_cases[i].name, "returned %d after %d attempts, %s",
				  ret, attempts, memcmp(&data, &want, sizeof(data)) ?
				  "stored other than its effect" : "stored its effect");
		} else {
			check_why(ret == -1 && !memcmp(&data, &before, sizeof(data)), seq_cases[i].name,
				  "no mm_cid in this kernel: returned %d, %s", ret,
				  memcmp(&data, &before, sizeof(data)) ? "changed its data" :
				  "left its data");
		}
	}
}

int main(int argc, char **argv)
{
	REQUIRE(argc == 3);
	const bool none = strcmp(argv[1], "none") == 0;
	const bool registered = strcmp(argv[1], "registered") == 0;
	REQUIRE(none || registered || strcmp(argv[1], "generic") == 0);
	const bool has_deref_add = strcmp(argv[2], "1") == 0;

	plan((none ? 7 : 1) + seq_case_count + (registered ? 2 : 4));
	check_signature(!none && !registered);
	if (none)
		check_no_rseq();
	else
		check_registered();
	if (registered) {
		check_commits();
		check_why(rseq_arch_has_load_add_load_load_add_store() == has_deref_add,
			  "rseq_arch_has_load_add_load_load_add_store()", "says %d",
			  (int) rseq_arch_has_load_add_load_load_add_store());
		return 0;
	}
	check_sequences();
	check_why(rseq_arch_has_load_add_load_load_add_store() == has_deref_add,
		  "rseq_arch_has_load_add_load_load_add_store()", "says %d",
		  (int) rseq_arch_has_load_add_load_load_add_store());
	return 0;
}
