# Programs and files of the tools group (see tests/Makefile.am).
check_PROGRAMS += librseq.tools/json-check
# A validator of our own output must not depend on what it checks.
librseq_tools_json_check_LDADD =
# Takes membarrier(2) away from rseq-info, for the cpu_opv methods.
check_PROGRAMS += librseq.tools/membarrier-sandbox
librseq_tools_membarrier_sandbox_LDADD =
EXTRA_DIST += librseq.tools/tools.exp
