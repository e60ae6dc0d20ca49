/*
 * fold.c - see fold.h.
 */
#include "core/fold.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

char *fold_text(const char *s, size_t sz)
{
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)sz, &mapped,
					  UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
	if (n < 0)
		return NULL;
	char *out = malloc((size_t)n + 1);
	if (!out) {
		free(mapped);
		return NULL;
	}
	size_t o = 0;
	int space = 1; /* suppress leading space */
	utf8proc_ssize_t i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t l = utf8proc_iterate(mapped + i, n - i, &cp);
		if (l <= 0)
			break;
		if (cp == 0x0111 || cp == 0x0110)
			cp = 'd';
		utf8proc_category_t cat = utf8proc_category(cp);
		int word = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
			   (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
		if (word) {
			if (cp < 0x80) {
				out[o++] = (char)cp;
			} else {
				/* other scripts stay as they are (never longer than input) */
				memcpy(out + o, mapped + i, (size_t)l);
				o += (size_t)l;
			}
			space = 0;
		} else if (!space) {
			out[o++] = ' ';
			space = 1;
		}
		i += l;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	free(mapped);
	return out;
}

int utf8_valid(const char *s, size_t sz)
{
	size_t i = 0;
	while (i < sz) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t l =
			utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(sz - i), &cp);
		if (l <= 0 || cp == 0)
			return 0;
		i += (size_t)l;
	}
	return 1;
}
