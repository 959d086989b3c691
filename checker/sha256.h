/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sha256.c: SHA-256 for the cache's content addresses, through OpenSSL's
 * libcrypto (EVP), which every distribution keeps patched and fast.
 */
#ifndef KDELTA_SHA256_H
#define KDELTA_SHA256_H

#include <stddef.h>

struct sha256 {
	void *ctx;		/* EVP_MD_CTX */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
/* Adds the bytes of the regular file at path (a link is not followed, a
 * FIFO not opened for good): 0, or -1 when it cannot be read. */
int sha256_add_file(struct sha256 *s, const char *path);
/* The digest as 64 lowercase hex digits and a NUL; ends s. */
void sha256_hex(struct sha256 *s, char hex[65]);

#endif
