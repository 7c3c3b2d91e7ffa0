# Programs and files of the tools group (see tests/Makefile.am).
check_PROGRAMS += librseq.tools/json-check
# A validator of our own output must not depend on what it checks.
librseq_tools_json_check_LDADD =
EXTRA_DIST += librseq.tools/tools.exp
