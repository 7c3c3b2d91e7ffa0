# Programs and files of the tools group (see tests/Makefile.am).
check_PROGRAMS += librseq.tools/json-check
# A validator of our own output must not depend on what it checks.
librseq_tools_json_check_LDADD =
# Takes membarrier(2) away from rseq-info, for the cpu_opv methods.
check_PROGRAMS += librseq.tools/membarrier-sandbox
librseq_tools_membarrier_sandbox_LDADD =
EXTRA_DIST += librseq.tools/tools.exp
# The processes that rseq-info -p reads (remote.exp), and the sandbox that
# refuses it ptrace.
check_PROGRAMS += librseq.tools/remote-target librseq.tools/remote-foreign \
	librseq.tools/ptrace-sandbox
librseq_tools_remote_foreign_LDADD =
librseq_tools_ptrace_sandbox_LDADD =
noinst_HEADERS += librseq.tools/remote-target.h
EXTRA_DIST += librseq.tools/remote.exp
