// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: miss, two separate current-time reads.
 *
 * Tree: Debian linux-source-6.1 (6.1.192), drivers/usb/typec/tcpm/tcpm.c,
 * run_state_machine() (4387-4389) and tcpm_send_queued_message() (3115-3116).
 * The guard ktime_after(delayed_runtime, ktime_get()) uses one read, the
 * delta ktime_sub(delayed_runtime, ktime_get()) another.  The state
 * machine runs in a kthread worker and can be preempted between them;
 * if delayed_runtime passes meanwhile by more than 1 ms, ktime_to_ms() is
 * negative and the unsigned int delay_ms of tcpm_set_state()/
 * mod_tcpm_delayed_work() becomes about 4294967295 ms: the pending state
 * change is scheduled some 49.7 days later (hrtimer_start of
 * ms_to_ktime(delay_ms)).  The guard holds for the first read only, so
 * both lines must be reported.
 */
#include "kdelta-accuracy.h"

struct tcpm_port { ktime_t delayed_runtime; int state; };

void tcpm_set_state(struct tcpm_port *port, int state, unsigned int delay_ms);
void mod_tcpm_delayed_work(struct tcpm_port *port, unsigned int delay_ms);

void run_state_machine(struct tcpm_port *port)
{
	if (ktime_after(port->delayed_runtime, ktime_get())) {
		tcpm_set_state(port, 1,
			       ktime_to_ms(ktime_sub(port->delayed_runtime, ktime_get()))); /* KDELTA-EXPECT */
		return;
	}
	tcpm_set_state(port, 0, 0);
}

bool tcpm_send_queued_message(struct tcpm_port *port)
{
	if (ktime_after(port->delayed_runtime, ktime_get())) {
		mod_tcpm_delayed_work(port, ktime_to_ms(ktime_sub(port->delayed_runtime, ktime_get()))); /* KDELTA-EXPECT */
		return true;
	}
	return false;
}
