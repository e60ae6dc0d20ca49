/*
 * assets.c - lookup of embedded files. See assets.h. The table is small
 * (tens of entries) and sorted by path, so a linear scan is enough.
 */
#include "core/assets.h"

#include <string.h>

const char *assets_find(const char *path, size_t *sz)
{
	for (const struct asset *a = assets_table; a->path; a++) {
		if (strcmp(a->path, path) == 0) {
			if (sz)
				*sz = (size_t)(a->end - a->data - 1);
			return a->data;
		}
	}
	return NULL;
}

void assets_each(const char *prefix, void (*fn)(const char *path, const char *data, size_t sz,
					       void *arg),
		 void *arg)
{
	size_t n = strlen(prefix);
	for (const struct asset *a = assets_table; a->path; a++)
		if (strncmp(a->path, prefix, n) == 0)
			fn(a->path, a->data, (size_t)(a->end - a->data - 1), arg);
}
