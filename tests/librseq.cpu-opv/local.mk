# Programs and files of the cpu-opv group (see tests/Makefile.am).
check_PROGRAMS += \
	librseq.cpu-opv/semantics \
	librseq.cpu-opv/errors \
	librseq.cpu-opv/memory \
	librseq.cpu-opv/atomicity \
	librseq.cpu-opv/single-step \
	librseq.cpu-opv/helpers \
	librseq.cpu-opv/fork
EXTRA_DIST += \
	librseq.cpu-opv/cpu-opv.exp \
	librseq.cpu-opv/opv-test.h \
	fuzz/opv-fuzz.cpp \
	fuzz/make-seeds.py \
	fuzz/corpus

# cpu-opv.exp builds the libFuzzer target and its working corpus in
# librseq.cpu-opv/fuzz-out/ (never in fuzz/, the sources).
clean-local: clean-cpu-opv-fuzz
clean-cpu-opv-fuzz:
	rm -rf librseq.cpu-opv/fuzz-out
.PHONY: clean-cpu-opv-fuzz
