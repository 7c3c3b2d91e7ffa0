# Programs and libraries of the lifecycle group (see tests/Makefile.am).
check_PROGRAMS += \
	librseq.lifecycle/dlclose \
	librseq.lifecycle/exec-helper \
	librseq.lifecycle/fork \
	librseq.lifecycle/short-lived \
	librseq.lifecycle/signal-storm
# dlclose loads a plugin that links librseq; it must not link it itself.
librseq_lifecycle_dlclose_LDADD =
check_LTLIBRARIES += librseq.lifecycle/libplugin.la
librseq_lifecycle_libplugin_la_SOURCES = \
	librseq.lifecycle/plugin.c librseq.lifecycle/plugin.h
librseq_lifecycle_libplugin_la_LDFLAGS = -module -rpath /nowhere -avoid-version
librseq_lifecycle_libplugin_la_LIBADD = $(LDADD)
EXTRA_DIST += librseq.lifecycle/lifecycle.exp
