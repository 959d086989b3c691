// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: stamps set through a chained assignment.
 *
 * Tree: Debian linux-source-6.1 (6.1.192).
 *  - net/core/pktgen.c, show_results(): elapsed =
 *    ktime_sub(pkt_dev->stopped_at, pkt_dev->started_at) reaches
 *    div64_u64()'s u64 divisor.  The file sets started_at only in
 *    pktgen_run() (pkt_dev->started_at = pkt_dev->next_tx = ktime_get();)
 *    and stopped_at only in pktgen_stop_device() (ktime_get()), after:
 *    elapsed time on one monotonic clock, rated low, silent by default.
 *    (show_results() with its text output is fp-print-only.c.)
 *  - virt/kvm/kvm_main.c, kvm_vcpu_halt(): start = cur = poll_end =
 *    ktime_get(), cur read again in the polling loop and after the
 *    block; a wake event during polling jumps to out with cur still the
 *    first read.  halt_ns = ktime_to_ns(cur) - ktime_to_ns(start) is
 *    elapsed time on every path (low).  The libclang engine had read
 *    "cur = poll_end = ktime_get()" as no read at all for start and
 *    cur, and rated the difference medium (as "cur = start = ktime_get()"
 *    high: a target minus a read); it is found only in builds that
 *    enable KVM.
 *  - virt/kvm/kvm_main.c, update_halt_poll_stats() (3482), a static inline
 *    whose one caller is kvm_vcpu_halt(): u64 poll_ns =
 *    ktime_to_ns(ktime_sub(end, start)) of its parameters, passed start
 *    and poll_end.  start is set once, outside the loop, poll_end in the
 *    same chain and again later in the loop: poll_end >= start.  The rule
 *    pack proves it from the lines of the reads; the libclang engine had
 *    rated it medium (the order of two parameters unknown) and now proves
 *    it from the caller's stores (nd_callers.c): low in both.
 */
#include "kdelta-accuracy.h"

struct pktgen_dev {
	ktime_t started_at;
	ktime_t stopped_at;
	ktime_t next_tx;
	u64 idle_acc;
	u64 sofar;
};

void pktgen_run(struct pktgen_dev *pkt_dev)
{
	pkt_dev->idle_acc = 0;
	pkt_dev->started_at = pkt_dev->next_tx = ktime_get();
}

void pktgen_stop_device(struct pktgen_dev *pkt_dev)
{
	pkt_dev->stopped_at = ktime_get();
}

u64 show_results(struct pktgen_dev *pkt_dev)
{
	ktime_t elapsed = ktime_sub(pkt_dev->stopped_at,
				    pkt_dev->started_at);

	return div64_u64(pkt_dev->sofar * NSEC_PER_SEC, ktime_to_ns(elapsed));
}

struct kvm_halt_vcpu {
	u64 halt_poll_ns;
	u64 halt_wait_ns;
	u64 halt_ns_total;
	u64 halt_poll_success_ns;
	u64 halt_poll_fail_ns;
};

int kvm_vcpu_check_block(struct kvm_halt_vcpu *vcpu);
bool kvm_vcpu_can_poll(ktime_t cur, ktime_t stop);
bool kvm_vcpu_block(struct kvm_halt_vcpu *vcpu);

static inline void update_halt_poll_stats(struct kvm_halt_vcpu *vcpu,
					  ktime_t start, ktime_t end,
					  bool success)
{
	u64 poll_ns = ktime_to_ns(ktime_sub(end, start));

	if (success)
		vcpu->halt_poll_success_ns += poll_ns;
	else
		vcpu->halt_poll_fail_ns += poll_ns;
}

void kvm_vcpu_halt(struct kvm_halt_vcpu *vcpu, bool do_halt_poll)
{
	ktime_t start, cur, poll_end;
	bool waited = false;
	u64 halt_ns;

	start = cur = poll_end = ktime_get();
	if (do_halt_poll) {
		ktime_t stop = ktime_add_ns(start, vcpu->halt_poll_ns);

		do {
			if (kvm_vcpu_check_block(vcpu) < 0)
				goto out;
			poll_end = cur = ktime_get();
		} while (kvm_vcpu_can_poll(cur, stop));
	}

	waited = kvm_vcpu_block(vcpu);

	cur = ktime_get();
	if (waited)
		vcpu->halt_wait_ns += ktime_to_ns(cur) - ktime_to_ns(poll_end);
out:
	halt_ns = ktime_to_ns(cur) - ktime_to_ns(start);
	vcpu->halt_ns_total += halt_ns;
	update_halt_poll_stats(vcpu, start, poll_end, !waited);
}
