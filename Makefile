# SPDX-License-Identifier: GPL-2.0
#
# make            build ilnp.ko against KDIR and the user-space tools
# make deps       install the Debian packages the build, tests and demo need
# make check      every test, in VMs (prints "N passed, N failed")
# make demo       the mobility experiment in a VM
# make bench      the data-plane benchmark in a VM (results/bench-*/)
# make fuzz       the fuzzers and teardown rounds, long, on the debug kernel
# make install    install the module (updates/, depmod), the tools, man
#                 pages, NSS module, headers, libilnp.a and ilnp.pc
# make uninstall  remove what make install put in place
# make dkms-install  the module's source to /usr/src/ilnp-VERSION and DKMS
#                 (add, build, install): rebuilt for each new kernel
# make dkms-uninstall  dkms remove, and the source
#
# DESTDIR and PREFIX (/usr/local) pass through to both.
#
# KDIR defaults to the running kernel's build tree, else the installed
# Debian 6.1 headers.  W=1 and C=1 pass through to Kbuild.

KVER ?= $(shell uname -r)
KDIR ?= $(firstword $(wildcard /lib/modules/$(KVER)/build) \
	$(lastword $(sort $(wildcard /usr/src/linux-headers-6.1.*-amd64))))
# The release KDIR builds for: where the module installs.
KRELEASE = $(shell sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' \
	$(KDIR)/include/generated/utsrelease.h 2>/dev/null)

all: module tools

# The tree a plain make builds against (tests/run asks).
print-kdir:
	@echo $(KDIR)

module:
	@test -n "$(KDIR)" || scripts/no-headers.sh
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools:
	$(MAKE) -C tools

deps:
	@scripts/deps.sh

check: deps
	@tests/run

# The mobility experiment in a VM on Debian's stock 6.1 kernel
# (Documentation/demo.rst).  DURATION, RATE, PERIOD and HANDOFF pass
# through; empty means the experiment's defaults (120 s, 100/s, 20 s, 10 s).
# SCENARIO=tcp: the MN downloads from the CN over TCP instead (TCP_RATE
# Mbit/s, 20 by default, 0: no cap); cable: the MN learns its locators
# and moves by cable; two-mobile: the CN moves too; wifi: the MN roams
# between two WiFi access points (mac80211_hwsim, hostapd), its locators
# learnt.  SCHEDULE=FILE: the moves from a file (demo/schedules/).
demo: deps
	$(MAKE) all
	tests/vm/build-module.sh stock61
	DURATION="$(DURATION)" RATE="$(RATE)" PERIOD="$(PERIOD)" \
		HANDOFF="$(HANDOFF)" SCENARIO="$(SCENARIO)" \
		TCP_RATE="$(TCP_RATE)" SCHEDULE="$(SCHEDULE)" demo/run-demo.py

# The data-plane benchmark in a VM (Documentation/performance.rst):
# KERNEL, BENCH_SECONDS and BENCH_PINGS pass through the environment.
bench: deps
	$(MAKE) all
	bench/dataplane.sh

# The long fuzzing campaign in a VM (Documentation/fuzzing.rst): FUZZ_*
# and TEARDOWN_ROUNDS pass through the environment to tests/fuzz/long.sh.
fuzz: deps
	$(MAKE) all
	$(MAKE) -C tests/sockets
	$(MAKE) -C tests/fuzz
	tests/fuzz/long.sh

install: all
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_PATH=$(DESTDIR) \
		INSTALL_MOD_DIR=updates modules_install
	$(MAKE) -C tools install

uninstall:
	rm -f $(wildcard $(DESTDIR)/lib/modules/$(KRELEASE)/updates/ilnp.ko*)
	$(if $(DESTDIR),,-depmod $(KRELEASE))
	$(MAKE) -C tools uninstall

# DKMS (dkms.conf): what the module's build needs, copied where DKMS
# looks for it.
VERSION_ILNP := $(shell sed -n 's/^\#define ILNP_VERSION "\(.*\)"/\1/p' net/ilnp/main.c)
DKMS_SRC ?= $(DESTDIR)/usr/src/ilnp-$(VERSION_ILNP)

dkms-source:
	install -d $(DKMS_SRC)/net/ilnp $(DKMS_SRC)/include/ilnp \
		$(DKMS_SRC)/uapi/linux
	install -m 0644 Kbuild dkms.conf $(DKMS_SRC)/
	install -m 0644 $(wildcard net/ilnp/*.[ch]) net/ilnp/Makefile \
		net/ilnp/Kconfig $(DKMS_SRC)/net/ilnp/
	install -m 0644 $(wildcard include/ilnp/*.h) $(DKMS_SRC)/include/ilnp/
	install -m 0644 uapi/linux/ilnp.h $(DKMS_SRC)/uapi/linux/

dkms-install: dkms-source
	dkms add -m ilnp -v $(VERSION_ILNP)
	dkms build -m ilnp -v $(VERSION_ILNP)
	dkms install -m ilnp -v $(VERSION_ILNP)

dkms-uninstall:
	-dkms remove -m ilnp -v $(VERSION_ILNP) --all
	rm -rf $(DKMS_SRC)

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
	$(MAKE) -C tools clean
	rm -rf build

.PHONY: all module tools print-kdir deps check demo bench fuzz install uninstall \
	dkms-source dkms-install dkms-uninstall clean
