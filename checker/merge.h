/* SPDX-License-Identifier: GPL-2.0 */
/* merge.c: `kdelta merge`, the shards of `kdelta audit --shard`. */
#ifndef KDELTA_MERGE_H
#define KDELTA_MERGE_H

int cmd_merge(int argc, char **argv);

#endif
