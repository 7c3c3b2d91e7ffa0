check_PROGRAMS += \
	librseq.registration/ownership \
	librseq.registration/threads \
	librseq.registration/all-or-nothing
EXTRA_DIST += librseq.registration/registration.exp
check_PROGRAMS += librseq.registration/policy
librseq_registration_policy_SOURCES = librseq.registration/policy.cpp
librseq_registration_policy_LDADD =
