/* SPDX-License-Identifier: GPL-2.0 */
/* audit.c: `kdelta audit`, one whole kernel tree. */
#ifndef KDELTA_AUDIT_H
#define KDELTA_AUDIT_H

int cmd_audit(int argc, char **argv);

#endif
