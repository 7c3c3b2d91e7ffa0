# Files of the vm group (see tests/Makefile.am).  vm.exp builds the other
# architectures' programs (configured builds), the inits and the initramfs
# archives itself, in librseq.vm/out/.
EXTRA_DIST += librseq.vm/vm.exp librseq.vm/init.c
clean-local: clean-vm-out
clean-vm-out:
	rm -rf librseq.vm/out
.PHONY: clean-vm-out
# That rseq really runs: built here too, run only in the machines.
check_PROGRAMS += librseq.vm/evidence
librseq_vm_evidence_SOURCES = librseq.vm/evidence.c
# What a kernel before 6.3 gives: run only in those machines.
check_PROGRAMS += librseq.vm/legacy
librseq_vm_legacy_SOURCES = librseq.vm/legacy.c
