/*
 * forms_doc.c - building the layout-neutral document of a form (see
 * forms_int.h): paragraphs of styled runs, tables, signature blocks.
 * Nothing here knows about PDF or HTML.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/forms/forms_int.h"

void fdoc_init(struct fdoc *d, enum form_id id)
{
	memset(d, 0, sizeof(*d));
	d->id = id;
}

static void para_release(struct fpara *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		free(p->runs[i].text);
	free(p->runs);
}

static void block_free(struct fblock *b)
{
	if (!b)
		return;
	para_release(&b->para);
	for (size_t i = 0; i < b->table.ncells; i++) {
		para_release(b->table.cells[i]);
		free(b->table.cells[i]);
	}
	free(b->table.cells);
	for (size_t i = 0; i < 2; i++) {
		free(b->sign.title[i]);
		free(b->sign.note[i]);
		free(b->sign.name[i]);
	}
	free(b);
}

void fdoc_release(struct fdoc *d)
{
	for (size_t i = 0; i < d->n; i++)
		block_free(d->blocks[i]);
	free(d->blocks);
	free(d->parent);
	free(d->agency);
	free(d->dateline);
	free(d->title);
	free(d->code);
	free(d->create_date);
	free(d->qr_url);
	memset(d, 0, sizeof(*d));
}

char *fdoc_strdup(struct fdoc *d, const char *s)
{
	if (!s)
		return NULL;
	char *c = strdup(s);
	if (!c)
		d->oom = 1;
	return c;
}

static struct fblock *add_block(struct fdoc *d, enum fblock_kind kind)
{
	if (d->oom)
		return NULL;
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 32;
		struct fblock **nb = realloc(d->blocks, cap * sizeof(*nb));
		if (!nb) {
			d->oom = 1;
			return NULL;
		}
		d->blocks = nb;
		d->cap = cap;
	}
	struct fblock *b = calloc(1, sizeof(*b));
	if (!b) {
		d->oom = 1;
		return NULL;
	}
	b->kind = kind;
	b->para.scale = 1.0;
	b->table.scale = 1.0;
	d->blocks[d->n++] = b;
	return b;
}

struct fpara *fdoc_para(struct fdoc *d, enum falign a)
{
	struct fblock *b = add_block(d, FB_PARA);
	if (!b)
		return NULL;
	b->para.align = a;
	return &b->para;
}

void fpara_add(struct fdoc *d, struct fpara *p, unsigned style, const char *s)
{
	if (!p || !s || !*s || d->oom)
		return;
	/* a run continuing in the same style joins the previous one */
	if (p->n && p->runs[p->n - 1].style == style) {
		struct frun *r = &p->runs[p->n - 1];
		size_t a = strlen(r->text), b = strlen(s);
		char *t = realloc(r->text, a + b + 1);
		if (!t) {
			d->oom = 1;
			return;
		}
		memcpy(t + a, s, b + 1);
		r->text = t;
		return;
	}
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 4;
		struct frun *nr = realloc(p->runs, cap * sizeof(*nr));
		if (!nr) {
			d->oom = 1;
			return;
		}
		p->runs = nr;
		p->cap = cap;
	}
	char *t = fdoc_strdup(d, s);
	if (!t)
		return;
	p->runs[p->n].style = style;
	p->runs[p->n].text = t;
	p->n++;
}

void fpara_addf(struct fdoc *d, struct fpara *p, unsigned style, const char *fmt, ...)
{
	if (!p || d->oom)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	char *s = malloc((size_t)n + 1);
	if (!s) {
		d->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	fpara_add(d, p, style, s);
	free(s);
}

struct ftable *fdoc_table(struct fdoc *d, size_t ncols, const double *widths, size_t nhead)
{
	if (ncols == 0 || ncols > FT_MAXCOLS)
		return NULL;
	struct fblock *b = add_block(d, FB_TABLE);
	if (!b)
		return NULL;
	b->table.ncols = ncols;
	b->table.nhead = nhead;
	for (size_t i = 0; i < ncols; i++)
		b->table.widths[i] = widths[i];
	return &b->table;
}

struct fpara *ftable_cell(struct fdoc *d, struct ftable *t, enum falign a)
{
	if (!t || d->oom)
		return NULL;
	if (t->ncells == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		struct fpara **nc = realloc(t->cells, cap * sizeof(*nc));
		if (!nc) {
			d->oom = 1;
			return NULL;
		}
		t->cells = nc;
		t->cap = cap;
	}
	struct fpara *p = calloc(1, sizeof(*p));
	if (!p) {
		d->oom = 1;
		return NULL;
	}
	p->scale = 1.0;
	p->align = t->ncells < t->nhead * t->ncols ? FA_CENTER : a;
	t->cells[t->ncells++] = p;
	return p;
}

void ftable_text(struct fdoc *d, struct ftable *t, unsigned style, const char *s)
{
	struct fpara *p = ftable_cell(d, t, t ? t->align[t->ncells % t->ncols] : FA_LEFT);
	fpara_add(d, p, style, s);
}

void fdoc_sign(struct fdoc *d, const char *title1, const char *note1, const char *name1,
	       const char *title2, const char *note2, const char *name2)
{
	struct fblock *b = add_block(d, FB_SIGN);
	if (!b)
		return;
	b->sign.n = title2 ? 2 : 1;
	b->sign.title[0] = fdoc_strdup(d, title1);
	b->sign.note[0] = fdoc_strdup(d, note1);
	b->sign.name[0] = fdoc_strdup(d, name1 && *name1 ? name1 : NULL);
	if (title2) {
		b->sign.title[1] = fdoc_strdup(d, title2);
		b->sign.note[1] = fdoc_strdup(d, note2);
		b->sign.name[1] = fdoc_strdup(d, name2 && *name2 ? name2 : NULL);
	}
}

void fdoc_gap(struct fdoc *d, double em)
{
	struct fblock *b = add_block(d, FB_GAP);
	if (b)
		b->gap = em;
}

void fdoc_qr(struct fdoc *d)
{
	if (d->qr_url)
		add_block(d, FB_QR);
}
