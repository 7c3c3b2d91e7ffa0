check_PROGRAMS += \
	librseq.registration/ownership \
	librseq.registration/threads \
	librseq.registration/all-or-nothing
EXTRA_DIST += librseq.registration/registration.exp
