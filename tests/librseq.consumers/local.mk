# Files of the consumers group (see tests/Makefile.am): the projects are
# built by consumers.exp, outside automake.
EXTRA_DIST += \
	librseq.consumers/consumers.exp \
	librseq.consumers/consumers.tcl \
	librseq.consumers/consumer.c \
	librseq.consumers/consumer.cpp \
	librseq.consumers/cmake/CMakeLists.txt \
	librseq.consumers/meson/meson.build \
	librseq.consumers/make/Makefile
EXTRA_DIST += librseq.consumers/debian.exp
