/* Internal: packing strings into the caller's buffer of the *_r lookups. */
#ifndef UK_USER_STRCOPY_H
#define UK_USER_STRCOPY_H

#include <string.h>

/* Bytes s takes in a buffer: its characters and the NUL. */
static inline size_t uk_user_strsize(const char *s)
{
	return strlen(s) + 1;
}

/*
 * Copies s with its NUL to *pos and advances *pos past it. The caller has
 * checked that the buffer is large enough. Returns the copy.
 */
static inline char *uk_user_strcopy(char **pos, const char *s)
{
	size_t n = uk_user_strsize(s);
	char *copy = *pos;

	memcpy(copy, s, n);
	*pos += n;
	return copy;
}

#endif /* UK_USER_STRCOPY_H */
