# SPDX-License-Identifier: GPL-2.0
# kdelta: build the checker, generate the rules, run the tests.

CC ?= cc
LLVM_CONFIG ?= llvm-config-14
CFLAGS ?= -O2 -g
LLVM_DIR := $(shell $(LLVM_CONFIG) --prefix 2>/dev/null || echo /usr/lib/llvm-14)
KD_CFLAGS := -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -pthread -I$(LLVM_DIR)/include \
	$(shell pkg-config --cflags jansson 2>/dev/null)
KD_LIBS := -pthread $(shell pkg-config --libs jansson 2>/dev/null || echo -ljansson) \
	$(shell pkg-config --libs libcrypto 2>/dev/null || echo -lcrypto) \
	-L$(LLVM_DIR)/lib -lclang -Wl,-rpath,$(LLVM_DIR)/lib

BUILD := build
SRCS := $(wildcard checker/*.c)
OBJS := $(SRCS:checker/%.c=$(BUILD)/obj/%.o)
RULE_TEMPLATES := $(wildcard rules/*.cocci.in)
RULES := $(RULE_TEMPLATES:.cocci.in=.cocci)

KDIR ?=
PREFIX ?= /usr/local

.PHONY: all rules check check-fast check-asan demo deps install-rules install clean

all: $(BUILD)/kdelta $(RULES)

$(BUILD)/obj/%.o: checker/%.c checker/*.h checker/api.def | $(BUILD)/obj
	$(CC) $(KD_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/kdelta: $(OBJS)
	$(CC) $(CFLAGS) -o $@ $(OBJS) $(KD_LIBS) $(LDFLAGS)

$(BUILD)/obj:
	mkdir -p $@

# The rules are generated from their templates and checker/api.def, and
# committed, so that a kernel tree can use them without building kdelta.
rules/%.cocci: rules/%.cocci.in rules/kdelta_report.py checker/api.def $(BUILD)/kdelta
	$(BUILD)/kdelta api --expand $< > $@.tmp && mv $@.tmp $@

rules: $(RULES)

deps:
	scripts/setup-deps.sh

check: deps all $(BUILD)/asan/kdelta
	testcases/run-tests.sh

# The quick loop: build, fixtures, command-line, bad-input and adversarial
# tests; no package installation, no kernel tree (the dependencies must
# already be there: make deps), no ASan pass (make check-asan, make check).
check-fast: all
	KDELTA_FAST=1 testcases/run-tests.sh

# The same program built with AddressSanitizer and UBSan; the tests run
# the fixtures and the command-line checks through it too (t-asan.sh).
ASAN_OBJS := $(SRCS:checker/%.c=$(BUILD)/asan/obj/%.o)
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

$(BUILD)/asan/obj/%.o: checker/%.c checker/*.h checker/api.def
	@mkdir -p $(@D)
	$(CC) $(KD_CFLAGS) $(ASAN_FLAGS) -c -o $@ $<

$(BUILD)/asan/kdelta: $(ASAN_OBJS)
	$(CC) $(ASAN_FLAGS) -o $@ $(ASAN_OBJS) $(KD_LIBS) $(LDFLAGS)

check-asan: deps all $(BUILD)/asan/kdelta
	testcases/run-tests.sh t-asan.sh

demo: deps all
	scripts/demo.sh

# Copy the pack into a kernel tree so that a plain `make coccicheck` there
# runs it with the kernel's own rules.
install-rules:
	@test -n "$(KDIR)" || { echo "kdelta: make install-rules KDIR=<kernel tree>" >&2; exit 2; }
	@test -f "$(KDIR)/scripts/coccicheck" || { echo "kdelta: $(KDIR): not a kernel tree (no scripts/coccicheck)" >&2; exit 2; }
	mkdir -p "$(KDIR)/scripts/coccinelle/kdelta"
	cp $(RULES) "$(KDIR)/scripts/coccinelle/kdelta/"

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/kdelta/rules
	install -m 755 $(BUILD)/kdelta $(DESTDIR)$(PREFIX)/bin/kdelta
	install -m 644 $(RULES) $(DESTDIR)$(PREFIX)/share/kdelta/rules/

clean:
	rm -rf $(BUILD)
