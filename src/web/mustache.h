/*
 * mustache.h - motcua's logic-less Mustache renderer, written from the
 * Mustache specification (modules: interpolation, sections, inverted,
 * comments, partials, set delimiters; lambdas are not supported).
 *
 * It renders template text against a jansson value - the same JSON model
 * the API returns - so a page and its JSON twin are built from one value.
 * It is not an HTML sanitiser: {{name}} escapes for HTML text and quoted
 * attributes, {{{name}}} and {{&name}} write the bytes as they are.
 *
 * Ownership, once for the whole module: the renderer borrows the template,
 * the context and every partial text for the duration of one call and
 * keeps nothing afterwards; output goes into a caller-owned struct
 * mustache_buf (or a malloc'd string from mustache_render_str, which the
 * caller frees).
 *
 * Semantics chosen where the specification leaves a choice. Truthiness
 * and number printing follow mustache.js, so a template means the same in
 * the browser; where the two engines still differ, tests/mustache-diff/
 * lists each difference and why.
 *  - falsy: missing names, null, false, "", 0, 0.0 and the empty list;
 *    every object (even {}) is truthy;
 *  - a truthy non-list section value is pushed as the new context top, so
 *    {{#name}}{{.}}{{/name}} prints it;
 *  - names resolve only as keys of JSON objects (no "length", no "0");
 *  - numbers print like JavaScript's String(n): integers as integers,
 *    reals in their shortest round-trip form (1.21 -> "1.21", 100.0 ->
 *    "100", 1e21 -> "1e+21", 1e-7 -> "1e-7"); true/false print as "true" /
 *    "false"; null, objects and lists print nothing;
 *  - {{name}} escapes & < > " ' (as &amp; &lt; &gt; &quot; &#39;); other
 *    bytes, UTF-8 included, pass through untouched;
 *  - a standalone partial's indentation is prepended to every non-empty
 *    line of the partial (empty lines stay empty, no trailing blanks);
 *  - a tag with an empty name ({{}}, {{#}}) is a template error.
 *
 * Limits (every one fails the render with ERR_LIMIT, never a crash):
 * output size (the buffer's max), partial nesting depth, section nesting
 * within one template, context stack depth and total rendering work.
 * A malformed template (unclosed section or tag, mismatched end tag, bad
 * set-delimiter tag) fails with ERR_INVALID and a message that names the
 * line, and for a partial the partial's name.
 */
#ifndef MOTCUA_WEB_MUSTACHE_H
#define MOTCUA_WEB_MUSTACHE_H

#include <stddef.h>

#include <jansson.h>

#include "core/err.h"

/* Partials nested deeper than this (the top template is depth 0) fail. */
#define MUSTACHE_MAX_PARTIAL_DEPTH 64
/* Sections open at once within one template or partial text. */
#define MUSTACHE_MAX_SECTION_DEPTH 100
/* Values on the context stack (the root plus one per open section). */
#define MUSTACHE_MAX_CONTEXT 512
/* Template nodes visited in one render: bounds the work of nested loops
 * over long lists even when they print nothing. */
#define MUSTACHE_MAX_STEPS 10000000UL
/* Output cap used by mustache_render_str. */
#define MUSTACHE_OUT_MAX (8u << 20)
/* Longest partial name, in bytes. */
#define MUSTACHE_MAX_NAME 255

/*
 * A growable output buffer with a hard cap. p is NUL-terminated whenever it
 * is not NULL (the terminator is not counted in len and not in max).
 * Initialise with mustache_buf_init, free with mustache_buf_release; p may
 * be taken over by the caller (then set the struct to zero).
 */
struct mustache_buf {
	char *p;
	size_t len;
	size_t cap;
	size_t max;
};

/*
 * Loads the text of the partial called name (NUL-terminated) and stores its
 * length in *len. Returns NULL when there is no such partial, which renders
 * as the empty string (as the specification asks). The returned text is
 * borrowed: it must stay valid and unchanged until the mustache_render
 * call that asked for it returns.
 */
typedef const char *(*mustache_load_fn)(void *arg, const char *name, size_t *len);

/* Make b an empty buffer that will refuse to grow past max bytes. */
void mustache_buf_init(struct mustache_buf *b, size_t max);

/* Free b's memory and leave it empty (max is kept). */
void mustache_buf_release(struct mustache_buf *b);

/*
 * Append len bytes at s to b. Returns 0, or -1 with errno EFBIG when the
 * result would exceed b->max (b is unchanged) or ENOMEM when allocation
 * fails.
 */
int mustache_buf_add(struct mustache_buf *b, const void *s, size_t len);

/*
 * Render the template tpl[0..tpl_len) against ctx and append the result to
 * out.
 *
 * ctx is the root of the context stack; NULL behaves as an empty object.
 * load may be NULL (then every partial is missing); arg is passed to it.
 * Partial texts are parsed with the default {{ }} delimiters, and each
 * distinct (name, indentation) is loaded and parsed once per call.
 *
 * Returns ERR_OK; ERR_INVALID for a malformed template or partial (eb says
 * which line: "line 3: section 'x' is never closed"); ERR_LIMIT when a
 * limit above is exceeded; ERR_INTERNAL when memory runs out. On failure
 * out holds whatever was appended before the error (the caller discards
 * it) and eb carries the message.
 */
enum err mustache_render(const char *tpl, size_t tpl_len, json_t *ctx, mustache_load_fn load,
			 void *arg, struct mustache_buf *out, struct errbuf *eb);

/*
 * Convenience for callers: render the NUL-terminated template tpl and store
 * a malloc'd, NUL-terminated result in *out, which the caller frees. The
 * output is capped at MUSTACHE_OUT_MAX bytes. Errors as mustache_render;
 * on failure *out is NULL.
 */
enum err mustache_render_str(const char *tpl, json_t *ctx, mustache_load_fn load, void *arg,
			     char **out, struct errbuf *eb);

#endif
