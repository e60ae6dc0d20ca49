/*
 * forms_pdf.c - the PDF back end of the forms: draws a form's document
 * (forms_int.h) with cairo, every piece of text laid out by pango in Noto
 * Serif (Noto Sans for a letter the serif lacks; FORMS_FONT_FAMILY).
 *
 * The page follows the look of Vietnamese administrative documents
 * (Decree 30/2020): the agency block top left (parent upper-case, agency
 * upper-case bold, a short rule under it), the national heading top right
 * (bold, the motto underlined by a rule as long as it), the italic place
 * and date line under it, the bold centred title. The body flows down the
 * page: paragraphs break between lines, tables between rows (repeating
 * their header rows), signature blocks are kept whole, and a page past the
 * first carries its number at the top. The QR code of the lookup link,
 * its URL printed under it, floats at the right of the first lines of the
 * body where the form asks for it (FB_QR: the A5 forms), else sits in the
 * bottom-left corner of the last page (the book).
 *
 * Units are PDF points: A5 is 419.53 x 595.28, A4 landscape 841.89 x
 * 595.28. Sizes are set as absolute pango sizes, so no DPI enters. Hinting
 * is off so that text measures the same at every zoom.
 *
 * Not here: images, fonts other than Noto, bidirectional text. A table row
 * taller than a whole page is drawn anyway and runs off the page.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "domain/forms/forms_int.h"

#define MM (72.0 / 25.4)
#define PS ((double)PANGO_SCALE)

struct pdf {
	const struct fdoc *d;
	cairo_t *cr;
	PangoContext *pc;
	double pw, ph;      /* page size */
	double top, bottom; /* the body's vertical limits */
	double x0, cw;      /* the body's left edge and width */
	double body;        /* body font size */
	double y;           /* where the next block starts */
	int page;
	int unknown;        /* glyphs no font could draw */
	/* the floating QR code: text on its page above float_bottom is
	 * narrowed by float_w */
	int float_page;
	double float_bottom, float_w;
	int qr_done;
};

/* Move below the floating QR code (for blocks that cannot flow around it). */
static void clear_float(struct pdf *P)
{
	if (P->float_page == P->page && P->y < P->float_bottom)
		P->y = P->float_bottom;
}

/* The body width left for text starting at the current position. */
static double avail_width(struct pdf *P)
{
	if (P->float_page == P->page && P->y < P->float_bottom)
		return P->cw - P->float_w;
	return P->cw;
}

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int length)
{
	return buf_add(closure, data, length) == 0 ? CAIRO_STATUS_SUCCESS
						   : CAIRO_STATUS_WRITE_ERROR;
}

static PangoContext *new_context(cairo_t *cr)
{
	PangoContext *pc = pango_cairo_create_context(cr);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(pc, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(pc, FALSE);
	return pc;
}

/* A layout of paragraph p, wrapped to width, at font size `size`. */
static PangoLayout *layout_of(PangoContext *pc, const struct fpara *p, double width, double size,
			      int *unknown)
{
	PangoLayout *l = pango_layout_new(pc);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, FORMS_FONT_FAMILY);
	pango_font_description_set_absolute_size(fd, size * PS);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(width * PS));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	/* Noto's own line height is looser than the single spacing of the
	 * Times New Roman that official documents use; a little tighter still
	 * leaves room for the stacked marks of Ẫ, Ổ, Ữ and fits form 01 of an
	 * ordinary dossier on one A5 page */
	pango_layout_set_line_spacing(l, 0.92f);
	switch (p->align) {
	case FA_CENTER: pango_layout_set_alignment(l, PANGO_ALIGN_CENTER); break;
	case FA_RIGHT: pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT); break;
	case FA_JUSTIFY: pango_layout_set_justify(l, TRUE); break;
	case FA_LEFT: break;
	}
	if (p->indent != 0)
		pango_layout_set_indent(l, (int)(p->indent * size * PS));

	struct buf text = BUF_INIT;
	PangoAttrList *al = pango_attr_list_new();
	for (size_t i = 0; i < p->n; i++) {
		size_t start = text.len;
		buf_adds(&text, p->runs[i].text);
		PangoAttribute *a;
		if (p->runs[i].style & FS_BOLD) {
			a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
			a->start_index = (guint)start;
			a->end_index = (guint)text.len;
			pango_attr_list_insert(al, a);
		}
		if (p->runs[i].style & FS_ITALIC) {
			a = pango_attr_style_new(PANGO_STYLE_ITALIC);
			a->start_index = (guint)start;
			a->end_index = (guint)text.len;
			pango_attr_list_insert(al, a);
		}
	}
	pango_layout_set_text(l, text.p ? text.p : "", (int)text.len);
	pango_layout_set_attributes(l, al);
	pango_attr_list_unref(al);
	buf_release(&text);
	if (unknown)
		*unknown += pango_layout_get_unknown_glyphs_count(l);
	return l;
}

/* Lay out p; a paragraph marked `fit` shrinks (to 80%) to stay on one line. */
static PangoLayout *layout_fit(struct pdf *P, const struct fpara *p, double width, double size)
{
	int unknown = 0;
	PangoLayout *l = layout_of(P->pc, p, width, size, &unknown);
	for (double s = size; p->fit && pango_layout_get_line_count(l) > 1 && s > 0.8 * size;) {
		s *= 0.97;
		g_object_unref(l);
		unknown = 0;
		l = layout_of(P->pc, p, width, s, &unknown);
	}
	P->unknown += unknown;
	return l;
}

static double layout_h(PangoLayout *l)
{
	PangoRectangle r;
	pango_layout_get_extents(l, NULL, &r);
	return r.height / PS;
}

static void new_page(struct pdf *P)
{
	cairo_show_page(P->cr);
	P->page++;
	P->y = P->top;
	/* Decree 30/2020: pages after the first are numbered, top centre */
	char num[16];
	snprintf(num, sizeof(num), "%d", P->page);
	struct frun r = {0, num};
	struct fpara p = {.runs = &r, .n = 1, .align = FA_CENTER, .scale = 1};
	PangoLayout *l = layout_of(P->pc, &p, P->cw, P->body * 0.85, NULL);
	cairo_move_to(P->cr, P->x0, P->top - layout_h(l) - 3 * MM);
	pango_cairo_show_layout(P->cr, l);
	g_object_unref(l);
}

/* Draw a laid-out paragraph at the current position, breaking the page
 * between lines when it runs past the bottom. */
static void flow_lines(struct pdf *P, PangoLayout *l, double x)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double origin = P->y, end = P->y;
	do {
		PangoRectangle r;
		pango_layout_iter_get_line_extents(it, NULL, &r);
		double top = r.y / PS, h = r.height / PS;
		if (origin + top + h > P->bottom + 0.01 && origin + top > P->top + 0.01) {
			new_page(P);
			origin = P->y - top;
		}
		double base = pango_layout_iter_get_baseline(it) / PS;
		cairo_move_to(P->cr, x + r.x / PS, origin + base);
		pango_cairo_show_layout_line(P->cr, pango_layout_iter_get_line_readonly(it));
		end = origin + top + h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	P->y = end;
}

static void draw_para(struct pdf *P, const struct fpara *p)
{
	double size = P->body * p->scale, left = p->left * P->body;
	if (P->y > P->top + 0.01)
		P->y += p->before * P->body;
	PangoLayout *l = layout_fit(P, p, avail_width(P) - left, size);
	/* a heading keeps with what follows: the next three lines must fit */
	if (p->keep && P->y + layout_h(l) + 3.6 * P->body > P->bottom && P->y > P->top + 0.01)
		new_page(P);
	flow_lines(P, l, P->x0 + left);
	g_object_unref(l);
}

/* One line (or a few) of text in a box of the header; returns its height
 * and, through lastw, the width of its last line. */
static double text_at(struct pdf *P, const char *s, unsigned style, double size, double x,
		      double w, double y, int fit, double *lastw)
{
	struct frun r = {style, (char *)s};
	struct fpara p = {.runs = &r, .n = 1, .align = FA_CENTER, .scale = 1, .fit = fit};
	PangoLayout *l = layout_fit(P, &p, w, size);
	cairo_move_to(P->cr, x, y);
	pango_cairo_show_layout(P->cr, l);
	if (lastw) {
		PangoRectangle ink;
		PangoLayoutLine *line = pango_layout_get_line_readonly(
			l, pango_layout_get_line_count(l) - 1);
		pango_layout_line_get_extents(line, &ink, NULL);
		*lastw = ink.width / PS;
	}
	double h = layout_h(l);
	g_object_unref(l);
	return h;
}

static void rule(struct pdf *P, double cx, double y, double len)
{
	cairo_set_line_width(P->cr, 0.6);
	cairo_move_to(P->cr, cx - len / 2, y);
	cairo_line_to(P->cr, cx + len / 2, y);
	cairo_stroke(P->cr);
}

/* The agency block and the national heading, side by side; the date line
 * under the heading. */
static void draw_header(struct pdf *P)
{
	const struct fdoc *d = P->d;
	double lw = P->cw * (d->landscape ? 0.40 : 0.43), rw = P->cw - lw;
	double xl = P->x0, xr = P->x0 + lw, yl = P->y;
	double yr = yl; /* the two columns start level */
	double hs = P->body * 0.95, w;
	if (d->parent)
		yl += text_at(P, d->parent, 0, hs, xl, lw, yl, 0, NULL);
	if (d->agency) {
		yl += text_at(P, d->agency, FS_BOLD, hs, xl, lw, yl, 0, &w);
		rule(P, xl + lw / 2, yl + 2.5, fmax(w / 3, lw / 4));
		yl += 4;
	}
	yr += text_at(P, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", FS_BOLD, hs, xr, rw, yr, 1, NULL);
	yr += text_at(P, "Độc lập - Tự do - Hạnh phúc", FS_BOLD, hs * 1.05, xr, rw, yr, 0, &w);
	rule(P, xr + rw / 2, yr + 2.5, w);
	yr += 4;
	if (d->dateline) {
		yr += 0.5 * P->body;
		yr += text_at(P, d->dateline, FS_ITALIC, P->body, xr, rw, yr, 1, NULL);
	}
	P->y = fmax(yl, yr);
}

/* Lay out row r of t into ls (the caller draws or unrefs them); returns
 * the row's height. */
static double row_layout(struct pdf *P, const struct ftable *t, size_t r, const double *colw,
			 double size, double pad, PangoLayout **ls)
{
	double h = 0;
	for (size_t c = 0; c < t->ncols; c++) {
		ls[c] = layout_fit(P, t->cells[r * t->ncols + c], colw[c] - 2 * pad, size);
		h = fmax(h, layout_h(ls[c]));
	}
	return h + 2 * pad;
}

/* Draw a laid-out row with its cell borders; header rows are centred
 * vertically, body rows start at the top. */
static void row_draw(struct pdf *P, size_t nc, const double *colx, const double *colw,
		     double pad, double h, int head, PangoLayout **ls)
{
	for (size_t c = 0; c < nc; c++) {
		cairo_rectangle(P->cr, colx[c], P->y, colw[c], h);
		double ch = layout_h(ls[c]);
		cairo_move_to(P->cr, colx[c] + pad, P->y + (head ? (h - ch) / 2 : pad));
		pango_cairo_show_layout(P->cr, ls[c]);
		g_object_unref(ls[c]);
	}
	cairo_set_line_width(P->cr, 0.5);
	cairo_stroke(P->cr);
	P->y += h;
}

static void draw_table(struct pdf *P, const struct ftable *t)
{
	size_t nc = t->ncols, nrows = t->ncells / nc;
	size_t nhead = t->nhead < nrows ? t->nhead : nrows;
	double size = P->body * t->scale, pad = 0.3 * size, total = 0, x = P->x0;
	double colx[FT_MAXCOLS], colw[FT_MAXCOLS];
	PangoLayout *ls[FT_MAXCOLS];
	clear_float(P);
	for (size_t c = 0; c < nc; c++)
		total += t->widths[c];
	for (size_t c = 0; c < nc; c++) {
		colw[c] = P->cw * t->widths[c] / total;
		colx[c] = x;
		x += colw[c];
	}
	P->y += 0.25 * P->body;
	/* the header rows and the first body row stay on one page */
	double need = 0;
	for (size_t r = 0; r < nrows && r <= nhead; r++) {
		need += row_layout(P, t, r, colw, size, pad, ls);
		for (size_t c = 0; c < nc; c++)
			g_object_unref(ls[c]);
	}
	if (P->y + need > P->bottom && P->y > P->top + 0.01)
		new_page(P);
	for (size_t r = 0; r < nrows; r++) {
		double h = row_layout(P, t, r, colw, size, pad, ls);
		if (r >= nhead && P->y + h > P->bottom + 0.01 && P->y > P->top + 0.01) {
			/* the row goes to the next page, under the header rows again */
			new_page(P);
			for (size_t hr = 0; hr < nhead; hr++) {
				PangoLayout *hl[FT_MAXCOLS];
				double hh = row_layout(P, t, hr, colw, size, pad, hl);
				row_draw(P, nc, colx, colw, pad, hh, 1, hl);
			}
		}
		row_draw(P, nc, colx, colw, pad, h, r < nhead, ls);
	}
}

static void draw_sign(struct pdf *P, const struct fsign *s)
{
	double colw = P->cw / 2, h = 0;
	PangoLayout *ls[2][3] = {{NULL}};
	double hs[2] = {0, 0};
	for (size_t c = 0; c < s->n; c++) {
		const char *txt[3] = {s->title[c], s->note[c], s->name[c]};
		unsigned st[3] = {FS_BOLD, FS_ITALIC, FS_BOLD};
		for (size_t k = 0; k < 3; k++) {
			if (!txt[k])
				continue;
			struct frun r = {st[k], (char *)txt[k]};
			struct fpara p = {.runs = &r, .n = 1, .align = FA_CENTER, .scale = 1};
			ls[c][k] = layout_fit(P, &p, colw - 4, P->body);
			hs[c] += layout_h(ls[c][k]);
		}
		h = fmax(h, hs[c]);
	}
	double space = 3.6 * P->body; /* room for the signature */
	h += space;
	clear_float(P);
	if (P->y + h > P->bottom && P->y > P->top + 0.01)
		new_page(P);
	for (size_t c = 0; c < s->n; c++) {
		double x = P->x0 + (s->n == 1 ? colw : c * colw) + 2, y = P->y;
		for (size_t k = 0; k < 3; k++) {
			if (k == 2)
				y = P->y + h - (ls[c][2] ? layout_h(ls[c][2]) : 0);
			if (!ls[c][k])
				continue;
			cairo_move_to(P->cr, x, y);
			pango_cairo_show_layout(P->cr, ls[c][k]);
			y += layout_h(ls[c][k]);
			g_object_unref(ls[c][k]);
		}
	}
	P->y += h;
}

/* The QR code of the lookup link at (x, y), side points wide, with the
 * link printed under it wrapped to uw; returns the height used, 0 if the
 * link cannot be encoded. With dry set, only measures. */
static double qr_box(struct pdf *P, double x, double y, double side, double uw, int dry)
{
	int w = 0;
	unsigned char *m = forms_qr(P->d->qr_url, &w);
	if (!m)
		return 0;
	struct frun r = {0, P->d->qr_url};
	struct fpara p = {.runs = &r, .n = 1, .align = FA_LEFT, .scale = 1};
	PangoLayout *ul = layout_fit(P, &p, uw, P->body * (P->d->landscape ? 0.62 : 0.56));
	double h = side + 2 + layout_h(ul), mod = side / w;
	if (!dry) {
		for (int row = 0; row < w; row++)
			for (int col = 0; col < w;) {
				if (!m[row * w + col]) {
					col++;
					continue;
				}
				int run = col;
				while (run < w && m[row * w + run])
					run++;
				cairo_rectangle(P->cr, x + col * mod, y + row * mod, (run - col) * mod,
						mod);
				col = run;
			}
		cairo_fill(P->cr);
		cairo_move_to(P->cr, x, y + side + 2);
		pango_cairo_show_layout(P->cr, ul);
	}
	g_object_unref(ul);
	free(m);
	return h;
}

/* The QR code floating at the right of the text that follows. */
static void draw_qr_float(struct pdf *P)
{
	double side = 19 * MM, boxw = 22 * MM;
	double h = qr_box(P, 0, 0, side, boxw, 1);
	if (h == 0)
		return;
	if (P->y + h > P->bottom && P->y > P->top + 0.01)
		new_page(P);
	double x = P->x0 + P->cw - boxw;
	qr_box(P, x + (boxw - side) / 2, P->y, side, boxw, 0);
	P->float_page = P->page;
	P->float_bottom = P->y + h + 0.3 * P->body;
	P->float_w = boxw + 3 * MM;
	P->qr_done = 1;
}

/* The QR code in the bottom-left corner of the last page. */
static void draw_qr_corner(struct pdf *P)
{
	double side = P->d->landscape ? 22 * MM : 19 * MM, uw = P->cw / 2;
	double h = qr_box(P, 0, 0, side, uw, 1);
	if (h == 0)
		return;
	double y = P->bottom - h;
	if (P->y + 0.5 * P->body > y)
		new_page(P);
	qr_box(P, P->x0, y, side, uw, 0);
	P->qr_done = 1;
}

enum err forms_pdf(const struct fdoc *d, struct buf *out, struct errbuf *eb)
{
	struct pdf P = {0};
	P.d = d;
	P.pw = d->landscape ? 297 * MM : 148 * MM;
	P.ph = 210 * MM;
	double mt = d->landscape ? 15 * MM : 12 * MM, mb = d->landscape ? 12 * MM : 10 * MM,
	       ml = d->landscape ? 20 * MM : 15 * MM, mr = d->landscape ? 15 * MM : 10 * MM;
	P.top = mt;
	P.bottom = P.ph - mb;
	P.x0 = ml;
	P.cw = P.pw - ml - mr;
	P.body = d->landscape ? 10 : 9;
	P.y = P.top;
	P.page = 1;

	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_out, out, P.pw, P.ph);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return err_set(eb, ERR_INTERNAL, NULL, "cairo: cannot create a PDF surface");
	}
	if (d->title)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "motcua");
	if (d->create_date)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, d->create_date);
	P.cr = cairo_create(s);
	P.pc = new_context(P.cr);
	cairo_set_source_rgb(P.cr, 0, 0, 0);

	draw_header(&P);
	for (size_t i = 0; i < d->n; i++) {
		const struct fblock *b = d->blocks[i];
		switch (b->kind) {
		case FB_PARA: draw_para(&P, &b->para); break;
		case FB_TABLE: draw_table(&P, &b->table); break;
		case FB_SIGN: draw_sign(&P, &b->sign); break;
		case FB_GAP:
			if (P.y > P.top + 0.01)
				P.y += b->gap * P.body;
			break;
		case FB_QR: draw_qr_float(&P); break;
		}
	}
	if (d->qr_url && !P.qr_done)
		draw_qr_corner(&P);
	cairo_show_page(P.cr);

	g_object_unref(P.pc);
	cairo_destroy(P.cr);
	cairo_surface_finish(s);
	cairo_status_t st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		if (out->over)
			return err_set(eb, ERR_LIMIT, NULL, "the form is larger than the output cap");
		return err_set(eb, ERR_INTERNAL, NULL, "cairo: %s", cairo_status_to_string(st));
	}
	return ERR_OK;
}

enum err forms_font_check(const char *text, struct forms_font_report *r, struct errbuf *eb)
{
	if (!text || !r)
		return err_set(eb, ERR_INVALID, "text", "text is required");
	memset(r, 0, sizeof(*r));
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 4, 4);
	cairo_t *cr = cairo_create(s);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
		cairo_destroy(cr);
		cairo_surface_destroy(s);
		return err_set(eb, ERR_INTERNAL, NULL, "cairo: cannot create a surface");
	}
	PangoContext *pc = new_context(cr);
	for (unsigned style = 0; style < 4; style++) {
		struct frun run = {style, (char *)text};
		struct fpara p = {.runs = &run, .n = 1, .align = FA_LEFT, .scale = 1};
		PangoLayout *l = layout_of(pc, &p, 1000, 10, &r->unknown_glyphs);
		PangoLayoutIter *it = pango_layout_get_iter(l);
		do {
			PangoLayoutRun *lr = pango_layout_iter_get_run_readonly(it);
			if (!lr || !lr->item->analysis.font)
				continue;
			PangoFontDescription *fd = pango_font_describe(lr->item->analysis.font);
			const char *fam = pango_font_description_get_family(fd);
			int seen = !fam;
			for (size_t i = 0; i < r->nfamilies && !seen; i++)
				seen = !strcmp(r->families[i], fam);
			if (!seen && r->nfamilies < sizeof(r->families) / sizeof(r->families[0]))
				snprintf(r->families[r->nfamilies++], sizeof(r->families[0]), "%s",
					 fam);
			pango_font_description_free(fd);
		} while (pango_layout_iter_next_run(it));
		pango_layout_iter_free(it);
		g_object_unref(l);
	}
	g_object_unref(pc);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return ERR_OK;
}
