// SPDX-License-Identifier: GPL-2.0
/* SHA-256 through libcrypto's EVP interface. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

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

int sha256_add_file(struct sha256 *s, const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	char buf[65536];
	struct stat st;
	ssize_t n;

	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sha256_update(s, buf, (size_t)n);
	close(fd);
	return n < 0 ? -1 : 0;
}
