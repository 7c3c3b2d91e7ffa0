/* SPDX-License-Identifier: MIT */
/* bench-thread-create [--quick] [--json]: what creating and joining a thread
   costs when glibc registers rseq, when librseq does (its pthread_create
   interposer registers every new thread and unregisters it at exit), and
   when nobody can.  Ownership is decided once per process, so the program
   runs itself once per mode (GLIBC_TUNABLES=glibc.pthread.rseq=0 for
   librseq, a seccomp filter for none), in alternating rounds, and prints
   one table.  */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <rseq/rseq.h>
#include "bench.h"
#include "cpu-read.h"

enum mode { MODE_LIBC, MODE_LIBRSEQ, MODE_NONE, NR_MODES };

/* How the program tells a copy of itself to measure one mode and print
   its samples: the mode's name and the settings' name.  */
#define CHILD_MODE	"BENCH_THREAD_CREATE_MODE"
#define CHILD_SETTINGS	"BENCH_THREAD_CREATE_SETTINGS"

static const struct {
	const char *name;	/* value of CHILD_MODE */
	int owner;		/* what rseq_owner() must say in it */
} modes[NR_MODES] = {
	[MODE_LIBC] = { "libc", RSEQ_OWNER_LIBC },
	[MODE_LIBRSEQ] = { "librseq", RSEQ_OWNER_LIBRSEQ },
	[MODE_NONE] = { "none", RSEQ_OWNER_NONE },
};

/* The rows of the table, one per mode, each measured in a process of its
   own (hence no loop here).  */
static const struct bench_case rows[NR_MODES] = {
	[MODE_LIBC] = { "glibc_owns", "glibc owns the registration", NULL },
	[MODE_LIBRSEQ] = { "librseq_owns", "librseq owns it (hooks register)", NULL },
	[MODE_NONE] = { "no_rseq", "no rseq (seccomp: ENOSYS)", NULL },
};

static const struct bench_target target = {
	"hooks_vs_glibc", &rows[MODE_LIBRSEQ], &rows[MODE_LIBC], true, 1.10 };

static void *thread_main(void *arg)
{
	return arg;
}

static unsigned long loop_create_join(unsigned long n)
{
	unsigned long sum = 0;

	for (unsigned long i = 0; i < n; i++) {
		pthread_t thread;
		void *ret;
		int err = pthread_create(&thread, NULL, thread_main, (void *) (uintptr_t) i);

		if (err) {
			fprintf(stderr, "bench-thread-create: pthread_create: %s\n", strerror(err));
			exit(1);
		}
		pthread_join(thread, &ret);
		sum += (uintptr_t) ret;
	}
	return sum;
}

static const struct bench_case create_join = {
	"create_join", "pthread_create + pthread_join", loop_create_join };

/* The measuring process: checks that it runs in the mode it was given,
   times the loop, and prints "samples iterations ns...".  */
static int child(const char *mode_name, const struct bench_settings *settings)
{
	struct bench_result result;
	size_t m = 0;

	while (m < NR_MODES && strcmp(modes[m].name, mode_name))
		m++;
	if (m == NR_MODES) {
		fprintf(stderr, "bench-thread-create: unknown mode '%s'\n", mode_name);
		return 2;
	}
	if (rseq_owner() != modes[m].owner) {
		fprintf(stderr, "bench-thread-create: mode %s: the registration owner is %s\n",
			mode_name, bench_owner_name(rseq_owner()));
		return 1;
	}
	/* On one CPU the new thread runs when its creator waits for it:
	   without the cross-CPU wake-ups, whose latency varies far more than
	   what is measured.  New threads inherit the affinity.  */
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu() < 0 ? 0 : sched_getcpu(), &one);
	if (sched_setaffinity(0, sizeof(one), &one) != 0) {
		fprintf(stderr, "bench-thread-create: sched_setaffinity: %s\n", strerror(errno));
		return 1;
	}
	const struct bench_case *cases[] = { &create_join };
	if (bench_run(cases, 1, settings, &result) != 0) {
		fprintf(stderr, "bench-thread-create: clock_gettime: %s\n", strerror(errno));
		return 1;
	}
	printf("%u %lu", result.samples, result.iterations);
	for (unsigned int s = 0; s < result.samples; s++)
		printf(" %.3f", result.sample_ns[s]);
	putchar('\n');
	return fflush(stdout) == 0 ? 0 : 1;
}

/* A filter that makes rseq fail with ENOSYS, as an old kernel would; it is
   inherited across execve(), so glibc's registration at start-up fails
   too.  Only this program's own system-call ABI matters here.  */
static int deny_rseq(void)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_rseq, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(filter) / sizeof(filter[0]), filter };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

/* Runs this program in MODE and adds its samples to R.  */
static int measure(enum mode mode, const char *settings_name, struct bench_result *r)
{
	int fds[2];

	if (pipe(fds) != 0)
		return -1;
	const pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		char *const argv[] = { "bench-thread-create", NULL };

		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		setenv(CHILD_MODE, modes[mode].name, 1);
		setenv(CHILD_SETTINGS, settings_name, 1);
		unsetenv("GLIBC_TUNABLES");
		if (mode == MODE_LIBRSEQ)
			setenv("GLIBC_TUNABLES", "glibc.pthread.rseq=0", 1);
		if (mode == MODE_NONE && deny_rseq() != 0) {
			perror("bench-thread-create: seccomp");
			_exit(1);
		}
		execv("/proc/self/exe", argv);
		perror("bench-thread-create: execv /proc/self/exe");
		_exit(1);
	}
	close(fds[1]);
	FILE *in = fdopen(fds[0], "r");
	unsigned int samples = 0;
	unsigned long iterations = 0;
	int ok = in && fscanf(in, "%u %lu", &samples, &iterations) == 2 &&
		samples + r->samples <= BENCH_MAX_SAMPLES;
	for (unsigned int s = 0; ok && s < samples; s++)
		ok = fscanf(in, "%lf", &r->sample_ns[r->samples + s]) == 1;
	if (in)
		fclose(in);
	else
		close(fds[0]);
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		ok = 0;
	if (!ok) {
		errno = EPROTO;
		return -1;
	}
	r->samples += samples;
	r->iterations = iterations;
	return 0;
}

int main(int argc, char **argv)
{
	const struct bench_settings *settings;
	bool json;
	const char *child_mode = getenv(CHILD_MODE);

	if (child_mode) {
		const char *name = getenv(CHILD_SETTINGS);

		return child(child_mode, name && !strcmp(name, bench_quick.name) ? &bench_quick
										 : &bench_full);
	}
	const int status = bench_parse_command_line(argc, argv, "bench-thread-create",
						    &settings, &json);
	if (status >= 0)
		return status;

	/* Rounds alternate the modes, so that a noisy moment affects them
	   alike; each child takes settings->samples samples.  */
	const unsigned int rounds = BENCH_MAX_SAMPLES / settings->samples;
	struct bench_result results[NR_MODES];

	memset(results, 0, sizeof(results));
	for (unsigned int round = 0; round < rounds; round++)
		for (int m = 0; m < NR_MODES; m++) {
			results[m].bcase = &rows[m];
			if (measure(m, settings->name, &results[m]) != 0) {
				fprintf(stderr, "bench-thread-create: mode %s: no result (%s)\n",
					modes[m].name, strerror(errno));
				return 1;
			}
		}
	for (int m = 0; m < NR_MODES; m++)
		bench_summarize(&results[m]);

	const struct bench_report report = {
		.settings = settings, .results = results, .n = NR_MODES,
		.baseline = &rows[MODE_LIBC], .targets = &target, .n_targets = 1,
		.note = NULL,
	};
	if (json) {
		struct json j;

		json_init(&j, stdout);
		json_begin_object(&j, NULL);
		json_string(&j, "operation", create_join.label);
		bench_write_json(&j, "benchmark", &report);
		json_end_object(&j);
	} else {
		printf("%s, per thread, in three processes (%u rounds), "
		       "each on one CPU:\n\n", create_join.label, rounds);
		bench_print(stdout, "", &report);
	}
	return bench_finish_output("bench-thread-create");
}
