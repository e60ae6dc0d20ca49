/*
 * buf.h - a growable byte buffer with a hard cap, for building output
 * (JSON, HTML, SQL-free text) and collecting request bodies.
 *
 * A buf owns its memory; buf_release() frees it. The contents are always
 * NUL-terminated after a successful add. Once an add would pass `max`
 * bytes (or malloc fails) the buffer is marked `over` and later adds are
 * ignored: callers check once at the end instead of after every add.
 */
#ifndef MOTCUA_CORE_BUF_H
#define MOTCUA_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *p;
	size_t len;
	size_t cap;
	size_t max; /* 0 = 64 MiB */
	int over;   /* set when a write was refused */
};

#define BUF_INIT {NULL, 0, 0, 0, 0}

/* Prepare an empty buffer capped at max bytes (0: 64 MiB). */
void buf_init(struct buf *b, size_t max);
/* Free the memory; b is empty and reusable afterwards. */
void buf_release(struct buf *b);
/* Drop the contents, keep the memory. */
void buf_reset(struct buf *b);
/* Append sz bytes; -1 (and b->over set) past the cap. */
int buf_add(struct buf *b, const void *p, size_t sz);
/* Append a C string. */
int buf_adds(struct buf *b, const char *s);
/* Append one byte. */
int buf_addc(struct buf *b, char c);
/* Append printf-style. */
int buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append s escaped for HTML text and attribute values. */
int buf_add_html(struct buf *b, const char *s, size_t sz);
/* Hand the memory to the caller (free() it); b becomes empty. Never NULL
 * unless allocation fails: an empty buffer yields "". */
char *buf_detach(struct buf *b, size_t *sz);

#endif
