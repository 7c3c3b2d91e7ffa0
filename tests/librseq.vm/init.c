/* SPDX-License-Identifier: MIT */
/* The init of the machines that vm.exp boots: PID 1 of a kernel whose
   initramfs holds the test programs, their libraries and /run.list.

   It mounts /proc, /sys, /dev and /tmp, says what the kernel offers, runs
   each entry of /run.list in turn and powers the machine off.  Everything
   it prints goes to the console, one line per fact, each starting with
   "@@VM " so that the host can tell it from what the programs print:

     @@VM BOOT <seconds since the kernel started>
     @@VM KERNEL <key>=<value>...
     @@VM BEGIN <name>
     ...what the program printed...
     @@VM END <name> status=<n>|signal=<n>|timeout ms=<elapsed>
     @@VM DONE <seconds since the kernel started>

   An entry of /run.list is a line of tab-separated fields: its name, its
   bound in seconds, its environment (space-separated NAME=VALUE, or "-"),
   then the program and its arguments.  The program runs in a process group
   of its own, killed whole when it outlives its bound.

   With "librseq_vm_panic" on the kernel's command line, the init crashes
   the kernel through /proc/sysrq-trigger after the first entry: vm.exp
   asks for it to prove that it boots a panicked machine once more.

   Statically linked for each architecture, it needs no library.  */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef AT_RSEQ_FEATURE_SIZE
#define AT_RSEQ_FEATURE_SIZE	27
#endif
#ifndef AT_RSEQ_ALIGN
#define AT_RSEQ_ALIGN		28
#endif

#define MAX_ARGS	64
#define MAX_ENV		16

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
	va_list ap;

	fputs("@@VM ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Seconds since the kernel started, as /proc/uptime has them.  */
static void uptime(char *buf, size_t size)
{
	FILE *f = fopen("/proc/uptime", "r");

	snprintf(buf, size, "?");
	if (f) {
		if (fscanf(f, "%31s", buf) != 1)
			snprintf(buf, size, "?");
		fclose(f);
	}
}

static void mount_or_say(const char *source, const char *target, const char *type)
{
	mkdir(target, 0755);
	if (mount(source, target, type, 0, NULL) != 0)
		say("WARNING mount %s on %s: %s", type, target, strerror(errno));
}

static void kernel_facts(void)
{
	struct utsname u;
	long membarrier = syscall(SYS_membarrier, 0 /* MEMBARRIER_CMD_QUERY */, 0);
	char *version;

	uname(&u);
	/* The version string has spaces: they would split the fields.  */
	for (version = u.version; *version; version++)
		if (*version == ' ')
			*version = '_';
	say("KERNEL release=%s machine=%s cpus=%ld rseq_feature_size=%lu rseq_align=%lu "
	    "membarrier=%#lx version=%s",
	    u.release, u.machine, sysconf(_SC_NPROCESSORS_ONLN), getauxval(AT_RSEQ_FEATURE_SIZE),
	    getauxval(AT_RSEQ_ALIGN), membarrier < 0 ? 0UL : (unsigned long) membarrier, u.version);
}

/* Reaps every child that has exited; returns PID's wait status in *STATUS
   when PID was among them.  */
static int reap(pid_t pid, int *status)
{
	int found = 0, st;
	pid_t p;

	while ((p = waitpid(-1, &st, WNOHANG)) > 0)
		if (p == pid) {
			*status = st;
			found = 1;
		}
	return found;
}

static void run(char *line)
{
	char *fields[3 + MAX_ARGS + 1], *env[MAX_ENV + 1], *save;
	int n = 0, nenv = 0, status = 0;

	for (char *f = strtok_r(line, "\t", &save); f && n < 3 + MAX_ARGS;
	     f = strtok_r(NULL, "\t", &save))
		fields[n++] = f;
	fields[n] = NULL;
	if (n < 4) {
		say("WARNING bad line in /run.list: %s", line);
		return;
	}
	const char *name = fields[0];
	const long bound_ms = atol(fields[1]) * 1000L;
	if (strcmp(fields[2], "-"))
		for (char *e = strtok_r(fields[2], " ", &save); e && nenv < MAX_ENV;
		     e = strtok_r(NULL, " ", &save))
			env[nenv++] = e;
	env[nenv] = NULL;

	say("BEGIN %s", name);
	const long long t0 = now_ms();
	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		for (int i = 0; i < nenv; i++)
			putenv(env[i]);
		execv(fields[3], &fields[3]);
		printf("FAIL: %s: exec: %s\n", fields[3], strerror(errno));
		_exit(127);
	}
	if (pid < 0) {
		say("END %s error=%s ms=0", name, strerror(errno));
		return;
	}
	setpgid(pid, pid);
	int done = 0;
	while (!(done = reap(pid, &status)) && now_ms() - t0 < bound_ms) {
		const struct timespec tick = { 0, 20 * 1000000L };

		nanosleep(&tick, NULL);
	}
	const long long ms = now_ms() - t0;
	/* Whatever the program left behind goes with it.  */
	kill(-pid, SIGKILL);
	if (!done) {
		while (!reap(pid, &status))
			;
		say("END %s timeout ms=%lld", name, ms);
	} else if (WIFSIGNALED(status)) {
		say("END %s signal=%d ms=%lld", name, WTERMSIG(status), ms);
	} else {
		say("END %s status=%d ms=%lld", name, WEXITSTATUS(status), ms);
	}
}

static bool panic_asked_on_cmdline(void)
{
	static const char word[] = "librseq_vm_panic";
	const size_t len = sizeof(word) - 1;
	char cmdline[4096] = "";
	FILE *f = fopen("/proc/cmdline", "r");
	if (f) {
		if (!fgets(cmdline, sizeof(cmdline), f))
			cmdline[0] = 0;
		fclose(f);
	}
	for (const char *p = cmdline; (p = strstr(p, word)); p++)
		if ((p == cmdline || p[-1] == ' ')
		    && (p[len] == 0 || p[len] == ' ' || p[len] == '\n'))
			return true;
	return false;
}

/* Returns only when the kernel would not crash: the run goes on, and
   vm.exp fails the check that asked for the panic.  */
static void crash_kernel(void)
{
	say("PANIC asked on the command line");
	const int fd = open("/proc/sysrq-trigger", O_WRONLY);
	if (fd < 0 || write(fd, "c", 1) != 1)
		say("WARNING /proc/sysrq-trigger: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	char up[32], line[4096];

	mount_or_say("proc", "/proc", "proc");
	mount_or_say("sysfs", "/sys", "sysfs");
	mount_or_say("devtmpfs", "/dev", "devtmpfs");
	mount_or_say("tmpfs", "/tmp", "tmpfs");
	mkdir("/dev/shm", 01777);
	mount_or_say("tmpfs", "/dev/shm", "tmpfs");
	/* The programs' standard input; their output goes to the console.  */
	const int null = open("/dev/null", O_RDONLY);
	if (null > 0) {
		dup2(null, 0);
		close(null);
	}
	setenv("PATH", "/bin", 1);
	setenv("HOME", "/", 1);
	setenv("TMPDIR", "/tmp", 1);
	uptime(up, sizeof(up));
	/* On a line of its own, whatever the firmware or the kernel left
	   on the last one.  */
	putchar('\n');
	say("BOOT %s", up);
	kernel_facts();

	FILE *list = fopen("/run.list", "r");
	if (!list)
		say("WARNING /run.list: %s", strerror(errno));
	const bool panic_asked = panic_asked_on_cmdline();
	while (list && fgets(line, sizeof(line), list)) {
		line[strcspn(line, "\n")] = 0;
		if (line[0] && line[0] != '#') {
			run(line);
			if (panic_asked)
				crash_kernel();
		}
	}
	uptime(up, sizeof(up));
	say("DONE %s", up);
	sync();
	reboot(RB_POWER_OFF);
	/* PID 1 must not exit: the kernel would panic.  */
	for (;;)
		pause();
}
