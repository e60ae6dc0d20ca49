/*
 * assets.h - files embedded in the binary at build time (migrations,
 * reference data, templates, static web files), looked up by their path in
 * the source tree, e.g. "src/store/sqlite/migrations/0001_init.sql".
 * The bytes are read-only, live for the whole process and are followed by
 * a NUL byte (so text assets are C strings too).
 */
#ifndef MOTCUA_CORE_ASSETS_H
#define MOTCUA_CORE_ASSETS_H

#include <stddef.h>

struct asset {
	const char *path;
	const char *data;
	size_t sz;        /* filled lazily by assets_find(); use its result */
	const char *end;  /* one past the last byte, before the added NUL */
};

extern const struct asset assets_table[];

/* Find an embedded file by path; NULL if absent. *sz gets its size. */
const char *assets_find(const char *path, size_t *sz);

/* Call fn for each asset whose path starts with prefix, in path order. */
void assets_each(const char *prefix, void (*fn)(const char *path, const char *data, size_t sz,
					       void *arg),
		 void *arg);

#endif
