/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sha256.c: SHA-256 (FIPS 180-4), for the cache's content addresses.  A
 * plain implementation of the standard, so that the build links no other
 * library (libcrypto's SHA256 would be a drop-in: one -lcrypto in the
 * Makefile).
 */
#ifndef KDELTA_SHA256_H
#define KDELTA_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;		/* bytes so far */
	unsigned char buf[64];
	size_t nbuf;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
/* The digest as 64 lowercase hex digits and a NUL. */
void sha256_hex(struct sha256 *s, char hex[65]);

#endif
