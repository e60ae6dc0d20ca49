/*
 * mustache.c - the Mustache renderer. See mustache.h for the contract.
 *
 * Rendering is two passes. The parser turns template text into a flat
 * array of nodes (text, variable, section, inverted section, partial);
 * comments and set-delimiter tags leave no node, and standalone-line
 * whitespace is cut from the text nodes here, once, so the renderer never
 * thinks about lines. A section node records the index just past its body,
 * so the renderer walks ranges of the array and recursion depth equals
 * section nesting, which the parser bounds. The parser itself keeps open
 * sections in a fixed array and never recurses.
 *
 * Text and names are slices of the source, which is why partial texts must
 * outlive the call. Partials are parsed lazily, when first reached, because
 * a recursive partial may name itself; each (name, indentation) pair is
 * parsed once per call and kept in a short list. Indentation is applied to
 * the partial's source before parsing: then standalone tags inside it are
 * still recognised (their lines now start with blanks) and interpolated
 * data is never indented, as the specification requires.
 *
 * This file does not know HTML beyond the five characters it escapes, and
 * does not load files: the caller's loader decides where partials live.
 */
#include "web/mustache.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest delimiter a set-delimiter tag may choose. */
#define DELIM_MAX 32

enum node_kind {
	NODE_TEXT,
	NODE_ESCAPED, /* {{name}} */
	NODE_RAW,     /* {{{name}}} and {{&name}} */
	NODE_SECTION,
	NODE_INVERTED,
	NODE_PARTIAL,
};

struct node {
	enum node_kind kind;
	const char *s; /* the text, or the tag's name */
	size_t len;
	size_t end;	    /* sections: index of the first node after the body */
	const char *indent; /* standalone partials: the blanks before the tag */
	size_t indent_len;
	size_t off; /* offset of the tag in its source, for error lines */
};

struct tpl {
	struct node *v;
	size_t n;
	size_t cap;
};

struct parser {
	const char *src;
	const char *label; /* "" or "partial 'x': ", prefixed to messages */
	struct tpl *t;
	struct errbuf *eb;
};

/* One loaded partial, parsed for one indentation. */
struct partial {
	struct partial *next;
	char *name;
	char *indent;
	size_t indent_len;
	char *text; /* the indented copy of the source, or NULL */
	bool missing;
	struct tpl t;
};

struct render {
	struct mustache_buf *out;
	mustache_load_fn load;
	void *arg;
	struct errbuf *eb;
	json_t *stack[MUSTACHE_MAX_CONTEXT];
	size_t nstack;
	unsigned depth; /* partial nesting */
	unsigned long steps;
	struct partial *partials;
};

/* ---- output buffer ---- */

void mustache_buf_init(struct mustache_buf *b, size_t max)
{
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
	/* Keep len + 1 and doubling of cap clear of overflow. */
	b->max = max > SIZE_MAX / 4 ? SIZE_MAX / 4 : max;
}

void mustache_buf_release(struct mustache_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
}

int mustache_buf_add(struct mustache_buf *b, const void *s, size_t len)
{
	if (len > b->max || b->len > b->max - len) {
		errno = EFBIG;
		return -1;
	}
	if (!b->p || b->len + len + 1 > b->cap) {
		size_t need = b->len + len + 1;
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap < need)
			cap *= 2;
		if (cap > b->max + 1)
			cap = b->max + 1;
		p = realloc(b->p, cap);
		if (!p) {
			errno = ENOMEM;
			return -1;
		}
		b->p = p;
		b->cap = cap;
	}
	if (len)
		memcpy(b->p + b->len, s, len);
	b->len += len;
	b->p[b->len] = '\0';
	return 0;
}

/* ---- parsing ---- */

static unsigned line_at(const char *src, size_t off)
{
	unsigned line = 1;

	for (size_t i = 0; i < off; i++)
		if (src[i] == '\n')
			line++;
	return line;
}

static enum err parse_fail(struct parser *ps, enum err e, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static enum err parse_fail(struct parser *ps, enum err e, size_t off, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return err_set(ps->eb, e, NULL, "%sline %u: %s", ps->label, line_at(ps->src, off), msg);
}

/* The first occurrence of the needle pre + d (pre may be '\0' for none) in
 * h[from..len), as an offset of the start of the needle, or len if none. */
static size_t find_tag(const char *h, size_t from, size_t len, char pre, const char *d, size_t dlen)
{
	size_t plen = pre ? 1 : 0;
	char first = pre ? pre : d[0];

	while (from + plen + dlen <= len) {
		const char *q = memchr(h + from, first, len - from - plen - dlen + 1);
		size_t i;

		if (!q)
			break;
		i = (size_t)(q - h);
		if (memcmp(h + i + plen, d, dlen) == 0)
			return i;
		from = i + 1;
	}
	return len;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static void trim(const char *src, size_t *b, size_t *e)
{
	while (*b < *e && is_space(src[*b]))
		(*b)++;
	while (*e > *b && is_space(src[*e - 1]))
		(*e)--;
}

static enum err add_node(struct parser *ps, enum node_kind kind, const char *s, size_t len,
			 size_t off)
{
	struct tpl *t = ps->t;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		struct node *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return err_set(ps->eb, ERR_INTERNAL, NULL, "out of memory");
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n] = (struct node){.kind = kind, .s = s, .len = len, .off = off};
	t->n++;
	return ERR_OK;
}

/*
 * Read the inside of a set-delimiter tag, src[b..e) such as " <% %> ", into
 * the two new delimiters. Delimiters may not be empty, contain blanks or
 * '=', or be longer than DELIM_MAX.
 */
static bool parse_delims(const char *src, size_t b, size_t e, size_t *ob, size_t *ol, size_t *cb,
			 size_t *cl)
{
	size_t i;

	trim(src, &b, &e);
	for (i = b; i < e && !is_space(src[i]); i++)
		;
	*ob = b;
	*ol = i - b;
	while (i < e && is_space(src[i]))
		i++;
	*cb = i;
	*cl = e - i;
	if (*ol == 0 || *cl == 0 || *ol > DELIM_MAX || *cl > DELIM_MAX)
		return false;
	for (i = 0; i < *ol; i++)
		if (src[*ob + i] == '=')
			return false;
	for (i = 0; i < *cl; i++)
		if (src[*cb + i] == '=' || is_space(src[*cb + i]))
			return false;
	return true;
}

static enum err parse(const char *src, size_t len, const char *label, struct tpl *t,
		      struct errbuf *eb)
{
	struct parser ps = {.src = src, .label = label, .t = t, .eb = eb};
	const char *otag = "{{", *ctag = "}}";
	size_t olen = 2, clen = 2;
	size_t open[MUSTACHE_MAX_SECTION_DEPTH];
	size_t nopen = 0;
	size_t pos = 0;
	enum err e = ERR_OK;

	for (;;) {
		size_t t0 = find_tag(src, pos, len, '\0', otag, olen);
		size_t p, cl_at, tag_end, nb, ne, text_end, next;
		char sigil = '\0';
		bool can_stand, standalone = false;

		if (t0 == len) {
			if (pos < len)
				e = add_node(&ps, NODE_TEXT, src + pos, len - pos, pos);
			break;
		}
		p = t0 + olen;
		if (p < len && src[p] != '\0' && strchr("!#^/>&={", src[p]))
			sigil = src[p++];

		if (sigil == '{')
			cl_at = find_tag(src, p, len, '}', ctag, clen);
		else if (sigil == '=')
			cl_at = find_tag(src, p, len, '=', ctag, clen);
		else
			cl_at = find_tag(src, p, len, '\0', ctag, clen);
		if (cl_at == len) {
			e = parse_fail(&ps, ERR_INVALID, t0, "tag '%.*s' is never closed",
				       (int)olen, otag);
			goto out;
		}
		tag_end = cl_at + clen + (sigil == '{' || sigil == '=' ? 1 : 0);
		nb = p;
		ne = cl_at;
		trim(src, &nb, &ne);

		/* A standalone tag owns its whole line: the blanks before it and
		 * the line ending after it are not output. */
		can_stand = sigil != '\0' && sigil != '&' && sigil != '{';
		text_end = t0;
		next = tag_end;
		if (can_stand) {
			size_t ls = t0, le = tag_end;

			while (ls > pos && is_blank(src[ls - 1]))
				ls--;
			while (le < len && is_blank(src[le]))
				le++;
			if ((ls == 0 || src[ls - 1] == '\n') &&
			    (le == len || src[le] == '\n' ||
			     (src[le] == '\r' && le + 1 < len && src[le + 1] == '\n'))) {
				standalone = true;
				text_end = ls;
				next = le == len ? len : le + (src[le] == '\r' ? 2 : 1);
			}
		}
		if (text_end > pos) {
			e = add_node(&ps, NODE_TEXT, src + pos, text_end - pos, pos);
			if (e)
				goto out;
		}
		pos = next;

		if (sigil == '!')
			continue;
		if (sigil == '=') {
			size_t ob, ol, cb, cl;

			if (!parse_delims(src, p, cl_at, &ob, &ol, &cb, &cl)) {
				e = parse_fail(&ps, ERR_INVALID, t0,
					       "bad set-delimiter tag, want {{=<open> <close>=}}");
				goto out;
			}
			otag = src + ob;
			olen = ol;
			ctag = src + cb;
			clen = cl;
			continue;
		}
		if (ne == nb) {
			e = parse_fail(&ps, ERR_INVALID, t0, "tag without a name");
			goto out;
		}
		switch (sigil) {
		case '#':
		case '^':
			if (nopen == MUSTACHE_MAX_SECTION_DEPTH) {
				e = parse_fail(&ps, ERR_LIMIT, t0, "sections nested deeper than %d",
					       MUSTACHE_MAX_SECTION_DEPTH);
				goto out;
			}
			open[nopen++] = t->n;
			e = add_node(&ps, sigil == '#' ? NODE_SECTION : NODE_INVERTED, src + nb,
				     ne - nb, t0);
			break;
		case '/': {
			struct node *sec;

			if (nopen == 0) {
				e = parse_fail(&ps, ERR_INVALID, t0,
					       "end tag '%.*s' closes no open section",
					       (int)(ne - nb > 60 ? 60 : ne - nb), src + nb);
				goto out;
			}
			sec = &t->v[open[nopen - 1]];
			if (sec->len != ne - nb || memcmp(sec->s, src + nb, sec->len) != 0) {
				e = parse_fail(&ps, ERR_INVALID, t0,
					       "end tag '%.*s' does not match section '%.*s' "
					       "opened on line %u",
					       (int)(ne - nb > 60 ? 60 : ne - nb), src + nb,
					       (int)(sec->len > 60 ? 60 : sec->len), sec->s,
					       line_at(src, sec->off));
				goto out;
			}
			sec->end = t->n;
			nopen--;
			break;
		}
		case '>':
			e = add_node(&ps, NODE_PARTIAL, src + nb, ne - nb, t0);
			if (!e && standalone) {
				size_t ls = text_end;

				t->v[t->n - 1].indent = src + ls;
				t->v[t->n - 1].indent_len = t0 - ls;
			}
			break;
		case '&':
		case '{':
			e = add_node(&ps, NODE_RAW, src + nb, ne - nb, t0);
			break;
		default:
			e = add_node(&ps, NODE_ESCAPED, src + nb, ne - nb, t0);
			break;
		}
		if (e)
			goto out;
	}
	if (!e && nopen) {
		const struct node *sec = &t->v[open[nopen - 1]];

		e = parse_fail(&ps, ERR_INVALID, sec->off, "section '%.*s' is never closed",
			       (int)(sec->len > 60 ? 60 : sec->len), sec->s);
	}
out:
	return e;
}

/* ---- values ---- */

/* Whether v makes a section skip (and an inverted section render). */
static bool falsy(const json_t *v)
{
	if (!v)
		return true;
	switch (json_typeof(v)) {
	case JSON_NULL:
	case JSON_FALSE:
		return true;
	case JSON_STRING:
		return json_string_length(v) == 0;
	case JSON_INTEGER:
		return json_integer_value(v) == 0;
	case JSON_REAL:
		return json_real_value(v) == 0.0;
	case JSON_ARRAY:
		return json_array_size(v) == 0;
	default:
		return false;
	}
}

/*
 * Format d as JavaScript's Number.prototype.toString does: the shortest
 * digit string that reads back as d, in plain notation for exponents from
 * -7 to 20 and in e-notation outside. buf must hold 40 bytes.
 */
static void format_real(double d, char *buf, size_t sz)
{
	char e[40], digits[20];
	size_t k = 0;
	int n, prec;
	const char *sign = "";
	char *q;

	if (isnan(d)) {
		snprintf(buf, sz, "NaN");
		return;
	}
	if (isinf(d)) {
		snprintf(buf, sz, "%sInfinity", d < 0 ? "-" : "");
		return;
	}
	if (d == 0.0) {
		snprintf(buf, sz, "0");
		return;
	}
	if (d < 0) {
		sign = "-";
		d = -d;
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(e, sizeof(e), "%.*e", prec - 1, d);
		if (strtod(e, NULL) == d)
			break;
	}
	/* e is "D.DDDDe+XX" or "De+XX". */
	for (q = e; *q && *q != 'e' && k < sizeof(digits) - 1; q++)
		if (*q >= '0' && *q <= '9')
			digits[k++] = *q;
	while (k > 1 && digits[k - 1] == '0')
		k--;
	digits[k] = '\0';
	n = (int)strtol(q + 1, NULL, 10) + 1; /* d = 0.DIGITS x 10^n */

	if ((int)k <= n && n <= 21) {
		snprintf(buf, sz, "%s%s%.*s", sign, digits, n - (int)k, "000000000000000000000");
	} else if (0 < n && n <= 21) {
		/* here n < k, so digits + n is inside digits */
		/* cppcheck-suppress pointerOutOfBoundsCond */
		snprintf(buf, sz, "%s%.*s.%s", sign, n, digits, digits + n);
	} else if (-6 < n && n <= 0) {
		snprintf(buf, sz, "%s0.%.*s%s", sign, -n, "000000", digits);
	} else {
		int x = n - 1;

		snprintf(buf, sz, "%s%c%s%se%c%d", sign, digits[0], k > 1 ? "." : "", digits + 1,
			 x < 0 ? '-' : '+', x < 0 ? -x : x);
	}
}

/* ---- rendering ---- */

static enum err put(struct render *r, const char *s, size_t len)
{
	if (mustache_buf_add(r->out, s, len) == 0)
		return ERR_OK;
	if (errno == EFBIG)
		return err_set(r->eb, ERR_LIMIT, NULL, "output larger than %zu bytes", r->out->max);
	return err_set(r->eb, ERR_INTERNAL, NULL, "out of memory");
}

static enum err put_escaped(struct render *r, const char *s, size_t len)
{
	size_t run = 0;
	enum err e;

	for (size_t i = 0; i < len; i++) {
		const char *rep;

		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		if ((e = put(r, s + run, i - run)) || (e = put(r, rep, strlen(rep))))
			return e;
		run = i + 1;
	}
	return put(r, s + run, len - run);
}

static enum err put_value(struct render *r, const json_t *v, bool escape)
{
	char buf[48];

	if (!v)
		return ERR_OK;
	switch (json_typeof(v)) {
	case JSON_STRING:
		if (escape)
			return put_escaped(r, json_string_value(v), json_string_length(v));
		return put(r, json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return put(r, buf, strlen(buf));
	case JSON_REAL:
		format_real(json_real_value(v), buf, sizeof(buf));
		return put(r, buf, strlen(buf));
	case JSON_TRUE:
		return put(r, "true", 4);
	case JSON_FALSE:
		return put(r, "false", 5);
	default:
		return ERR_OK;
	}
}

/*
 * Resolve a name as the specification says: "." is the context top;
 * otherwise the first dotted part is looked up in each context from the top
 * down, the first object that has the key wins (even if its value is
 * null), and the remaining parts are looked up only inside that value.
 */
static json_t *lookup(const struct render *r, const char *name, size_t len)
{
	const char *dot;
	size_t plen;
	json_t *v = NULL;

	if (len == 1 && name[0] == '.')
		return r->nstack ? r->stack[r->nstack - 1] : NULL;
	dot = memchr(name, '.', len);
	plen = dot ? (size_t)(dot - name) : len;
	for (size_t i = r->nstack; i-- > 0;) {
		if (json_is_object(r->stack[i]) &&
		    (v = json_object_getn(r->stack[i], name, plen)) != NULL)
			break;
	}
	while (v && dot) {
		len -= plen + 1;
		name = dot + 1;
		dot = memchr(name, '.', len);
		plen = dot ? (size_t)(dot - name) : len;
		v = json_is_object(v) ? json_object_getn(v, name, plen) : NULL;
	}
	return v;
}

static enum err render_nodes(struct render *r, const struct tpl *t, size_t from, size_t to);

static enum err push(struct render *r, json_t *v)
{
	if (r->nstack == MUSTACHE_MAX_CONTEXT)
		return err_set(r->eb, ERR_LIMIT, NULL, "context stack deeper than %d",
			       MUSTACHE_MAX_CONTEXT);
	r->stack[r->nstack++] = v;
	return ERR_OK;
}

static enum err step(struct render *r)
{
	if (++r->steps > MUSTACHE_MAX_STEPS)
		return err_set(r->eb, ERR_LIMIT, NULL, "template needs more than %lu steps",
			       MUSTACHE_MAX_STEPS);
	return ERR_OK;
}

static enum err render_section(struct render *r, const struct tpl *t, size_t i)
{
	const struct node *n = &t->v[i];
	json_t *v = lookup(r, n->s, n->len);
	enum err e = ERR_OK;

	if (n->kind == NODE_INVERTED)
		return falsy(v) ? render_nodes(r, t, i + 1, n->end) : ERR_OK;
	if (falsy(v))
		return ERR_OK;
	if (json_is_array(v)) {
		for (size_t k = 0; k < json_array_size(v); k++) {
			if ((e = step(r)) || (e = push(r, json_array_get(v, k))))
				return e;
			e = render_nodes(r, t, i + 1, n->end);
			r->nstack--;
			if (e)
				return e;
		}
		return ERR_OK;
	}
	if ((e = push(r, v)))
		return e;
	e = render_nodes(r, t, i + 1, n->end);
	r->nstack--;
	return e;
}

/* Copy src with ind prepended to every non-empty line. */
static char *indent_text(const char *src, size_t len, const char *ind, size_t ilen, size_t *outlen)
{
	size_t lines = 0, n = 0;
	char *p;

	for (size_t i = 0; i < len; i++)
		if ((i == 0 || src[i - 1] == '\n') && src[i] != '\n')
			lines++;
	p = malloc(len + lines * ilen + 1);
	if (!p)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if ((i == 0 || src[i - 1] == '\n') && src[i] != '\n') {
			memcpy(p + n, ind, ilen);
			n += ilen;
		}
		p[n++] = src[i];
	}
	p[n] = '\0';
	*outlen = n;
	return p;
}

static void partials_free(struct partial *p)
{
	while (p) {
		struct partial *next = p->next;

		free(p->name);
		free(p->indent);
		free(p->text);
		free(p->t.v);
		free(p);
		p = next;
	}
}

/* Find or load and parse the partial named by n, for n's indentation. */
static enum err partial_get(struct render *r, const struct node *n, struct partial **out)
{
	struct partial *p;
	const char *src;
	size_t len = 0;
	char label[MUSTACHE_MAX_NAME + 16];
	enum err e;

	for (p = r->partials; p; p = p->next) {
		if (strlen(p->name) == n->len && memcmp(p->name, n->s, n->len) == 0 &&
		    p->indent_len == n->indent_len &&
		    (n->indent_len == 0 || memcmp(p->indent, n->indent, n->indent_len) == 0)) {
			*out = p;
			return ERR_OK;
		}
	}
	if (n->len > MUSTACHE_MAX_NAME)
		return err_set(r->eb, ERR_INVALID, NULL, "partial name longer than %d bytes",
			       MUSTACHE_MAX_NAME);
	if (memchr(n->s, '\0', n->len))
		return err_set(r->eb, ERR_INVALID, NULL, "partial name contains a NUL byte");
	p = calloc(1, sizeof(*p));
	if (!p)
		return err_set(r->eb, ERR_INTERNAL, NULL, "out of memory");
	p->next = r->partials;
	r->partials = p;
	p->name = strndup(n->s, n->len);
	p->indent = malloc(n->indent_len + 1);
	if (!p->name || !p->indent)
		return err_set(r->eb, ERR_INTERNAL, NULL, "out of memory");
	if (n->indent_len)
		memcpy(p->indent, n->indent, n->indent_len);
	p->indent[n->indent_len] = '\0';
	p->indent_len = n->indent_len;

	src = r->load ? r->load(r->arg, p->name, &len) : NULL;
	if (!src) {
		p->missing = true;
		*out = p;
		return ERR_OK;
	}
	if (p->indent_len) {
		p->text = indent_text(src, len, p->indent, p->indent_len, &len);
		if (!p->text)
			return err_set(r->eb, ERR_INTERNAL, NULL, "out of memory");
		src = p->text;
	}
	snprintf(label, sizeof(label), "partial '%s': ", p->name);
	if ((e = parse(src, len, label, &p->t, r->eb)))
		return e;
	*out = p;
	return ERR_OK;
}

static enum err render_partial(struct render *r, const struct node *n)
{
	struct partial *p;
	enum err e;

	if (r->depth >= MUSTACHE_MAX_PARTIAL_DEPTH)
		return err_set(r->eb, ERR_LIMIT, NULL,
			       "partials nested deeper than %d (at partial '%.*s')",
			       MUSTACHE_MAX_PARTIAL_DEPTH, (int)(n->len > 60 ? 60 : n->len), n->s);
	if ((e = partial_get(r, n, &p)) || p->missing)
		return e;
	r->depth++;
	e = render_nodes(r, &p->t, 0, p->t.n);
	r->depth--;
	return e;
}

static enum err render_nodes(struct render *r, const struct tpl *t, size_t from, size_t to)
{
	enum err e = ERR_OK;

	for (size_t i = from; i < to && !e;) {
		const struct node *n = &t->v[i];

		if ((e = step(r)))
			break;
		switch (n->kind) {
		case NODE_TEXT:
			e = put(r, n->s, n->len);
			i++;
			break;
		case NODE_ESCAPED:
		case NODE_RAW:
			e = put_value(r, lookup(r, n->s, n->len), n->kind == NODE_ESCAPED);
			i++;
			break;
		case NODE_SECTION:
		case NODE_INVERTED:
			e = render_section(r, t, i);
			i = n->end;
			break;
		case NODE_PARTIAL:
			e = render_partial(r, n);
			i++;
			break;
		}
	}
	return e;
}

enum err mustache_render(const char *tpl, size_t tpl_len, json_t *ctx, mustache_load_fn load,
			 void *arg, struct mustache_buf *out, struct errbuf *eb)
{
	struct tpl t = {0};
	struct render *r = NULL;
	enum err e;

	if ((e = parse(tpl, tpl_len, "", &t, eb)))
		goto out;
	/* The context stack is a few kilobytes: keep it off the C stack,
	 * which request threads may have little of. */
	r = calloc(1, sizeof(*r));
	if (!r) {
		e = err_set(eb, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	r->out = out;
	r->load = load;
	r->arg = arg;
	r->eb = eb;
	if (ctx)
		r->stack[r->nstack++] = ctx;
	/* An empty result is still a NUL-terminated string. */
	if ((e = put(r, "", 0)))
		goto out;
	e = render_nodes(r, &t, 0, t.n);
out:
	if (r)
		partials_free(r->partials);
	free(r);
	free(t.v);
	return e;
}

enum err mustache_render_str(const char *tpl, json_t *ctx, mustache_load_fn load, void *arg,
			     char **out, struct errbuf *eb)
{
	struct mustache_buf b;
	enum err e;

	*out = NULL;
	mustache_buf_init(&b, MUSTACHE_OUT_MAX);
	e = mustache_render(tpl, strlen(tpl), ctx, load, arg, &b, eb);
	if (e) {
		mustache_buf_release(&b);
		return e;
	}
	*out = b.p;
	return ERR_OK;
}
