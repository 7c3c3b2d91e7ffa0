# Programs and files of the syscall group (see tests/Makefile.am).
check_PROGRAMS += \
	librseq.syscall/errors \
	librseq.syscall/ptrace-config
# errors dlopen()s librseq: linked with it, librseq would register the
# thread it needs unregistered.
librseq_syscall_errors_LDADD =
EXTRA_DIST += librseq.syscall/syscall.exp
