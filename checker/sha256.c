// SPDX-License-Identifier: GPL-2.0
/* SHA-256 through libcrypto's EVP interface. */
#include <stdio.h>
#include <stdlib.h>

#include <openssl/evp.h>

#include "sha256.h"
#include "util.h"

/* libcrypto fails these only when it cannot allocate: as xmalloc does. */
static void check(int ok)
{
	if (!ok) {
		kd_err("libcrypto: SHA-256 failed");
		abort();
	}
}

void sha256_init(struct sha256 *s)
{
	s->ctx = EVP_MD_CTX_new();
	check(s->ctx != NULL);
	check(EVP_DigestInit_ex(s->ctx, EVP_sha256(), NULL));
}

void sha256_update(struct sha256 *s, const void *data, size_t n)
{
	check(EVP_DigestUpdate(s->ctx, data, n));
}

void sha256_hex(struct sha256 *s, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	check(EVP_DigestFinal_ex(s->ctx, md, &n));
	EVP_MD_CTX_free(s->ctx);
	s->ctx = NULL;
	for (unsigned int i = 0; i < n && i < 32; i++)
		sprintf(hex + 2 * i, "%02x", md[i]);
	hex[64] = '\0';
}
