/*
 * forms_html.c - the HTML back end of the forms: one standalone,
 * print-friendly page per form (inline CSS with an @page rule for A5
 * portrait or A4 landscape, the QR code as inline SVG, no script, no
 * external resource), drawn from the same document as the PDF
 * (forms_int.h) so the two say the same words.
 *
 * Every string that comes from the model goes through buf_add_html(); the
 * only attribute built from the model is the lookup link's href, written
 * only for http: and https: URLs. Numbers in style attributes come from
 * the builders, never from the model.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/forms/forms_int.h"

static const char css[] =
	"*{box-sizing:border-box}"
	"html{background:#e8e8e8}"
	"body{margin:0;font-family:\"Times New Roman\",\"Noto Serif\",serif;font-size:10.5pt;"
	"line-height:1.35;color:#000}"
	".page{background:#fff;width:148mm;min-height:210mm;margin:6mm auto;"
	"padding:12mm 10mm 10mm 15mm;box-shadow:0 0 3px rgba(0,0,0,.35)}"
	".page.a4l{width:297mm;padding:15mm 15mm 12mm 20mm}"
	"@media print{html{background:none}.page{width:auto;min-height:0;margin:0;padding:0;"
	"box-shadow:none}}"
	".hdr{display:flex;text-align:center;font-size:.95em;margin-bottom:.2em}"
	".hdr .ag{flex:0 0 43%}.a4l .hdr .ag{flex-basis:40%}.hdr .na{flex:1}"
	".hdr p{margin:0}.na p:first-child{white-space:nowrap}"
	".ag hr{width:30%;border:0;border-top:.6pt solid #000;margin:.25em auto 0}"
	".motto{display:inline-block;border-bottom:.6pt solid #000;padding-bottom:1pt}"
	".date{font-style:italic;margin-top:.6em!important;font-size:1.05em}"
	"p{margin:.2em 0}"
	".title{font-size:1.2em;font-weight:bold;text-align:center;margin:.9em 0 .15em}"
	"table{border-collapse:collapse;width:100%;margin:.3em 0}"
	"th,td{border:.5pt solid #000;padding:.3em;vertical-align:top}"
	"th{vertical-align:middle;text-align:center}"
	"thead{display:table-header-group}tr{break-inside:avoid}"
	".sign{display:flex;text-align:center;break-inside:avoid}"
	".sign.one{justify-content:flex-end}.sign .col{flex:0 0 50%}"
	".sign p{margin:0}.sign .name{margin-top:4.2em}"
	".qr{margin:.8em 0 0;font-size:.62em;break-inside:avoid}"
	".qr svg{width:19mm;height:19mm;display:block}.a4l .qr svg{width:22mm;height:22mm}"
	".qr a{color:#000;text-decoration:none}"
	".qr.fl{float:right;width:22mm;margin:0 0 .3em 3mm}.qr.fl svg{margin:0 auto}"
	".qr.fl figcaption{word-break:break-all}"
	"table,.sign{clear:both}";

/* Escaped text; a space after a space stays (as a no-break space), so
 * the gaps the builders leave between two facts on a line survive. */
static void text_n(struct buf *out, const char *s, size_t sz)
{
	size_t start = 0;
	for (size_t i = 1; i < sz; i++)
		if (s[i] == ' ' && s[i - 1] == ' ') {
			buf_add_html(out, s + start, i - start);
			buf_adds(out, "&#160;");
			start = i + 1;
		}
	buf_add_html(out, s + start, sz - start);
}

static void text(struct buf *out, const char *s)
{
	if (s)
		text_n(out, s, strlen(s));
}

/* Escaped text with '\n' as <br>. */
static void text_lines(struct buf *out, const char *s)
{
	for (const char *nl; (nl = strchr(s, '\n')); s = nl + 1) {
		text_n(out, s, (size_t)(nl - s));
		buf_adds(out, "<br>");
	}
	text(out, s);
}

static void runs(struct buf *out, const struct fpara *p)
{
	for (size_t i = 0; i < p->n; i++) {
		unsigned st = p->runs[i].style;
		if (st & FS_BOLD)
			buf_adds(out, "<b>");
		if (st & FS_ITALIC)
			buf_adds(out, "<i>");
		text_lines(out, p->runs[i].text);
		if (st & FS_ITALIC)
			buf_adds(out, "</i>");
		if (st & FS_BOLD)
			buf_adds(out, "</b>");
	}
}

static const char *align_css(enum falign a)
{
	switch (a) {
	case FA_CENTER: return "center";
	case FA_RIGHT: return "right";
	case FA_JUSTIFY: return "justify";
	case FA_LEFT: break;
	}
	return "left";
}

static void para(struct buf *out, const struct fpara *p, int title)
{
	if (title) {
		buf_adds(out, "<h1 class=\"title\">");
		runs(out, p);
		buf_adds(out, "</h1>\n");
		return;
	}
	/* pango's negative indent hangs the later lines: CSS pads the block
	 * and pulls the first line back */
	double pad = p->left + (p->indent < 0 ? -p->indent : 0);
	buf_addf(out, "<p style=\"text-align:%s", align_css(p->align));
	if (pad > 0)
		buf_addf(out, ";padding-left:%.2fem", pad);
	if (p->indent != 0)
		buf_addf(out, ";text-indent:%.2fem", p->indent);
	if (p->before > 0)
		buf_addf(out, ";margin-top:%.2fem", p->before);
	if (p->scale != 1.0)
		buf_addf(out, ";font-size:%.2fem", p->scale);
	buf_adds(out, "\">");
	runs(out, p);
	buf_adds(out, "</p>\n");
}

static void table(struct buf *out, const struct ftable *t)
{
	size_t nc = t->ncols, nrows = t->ncells / nc;
	double total = 0;
	for (size_t c = 0; c < nc; c++)
		total += t->widths[c];
	buf_addf(out, "<table style=\"font-size:%.2fem\"><colgroup>", t->scale);
	for (size_t c = 0; c < nc; c++)
		buf_addf(out, "<col style=\"width:%.1f%%\">", 100.0 * t->widths[c] / total);
	buf_adds(out, "</colgroup>\n");
	for (size_t r = 0; r < nrows; r++) {
		int head = r < t->nhead;
		if (r == 0 && head)
			buf_adds(out, "<thead>\n");
		if (r == t->nhead)
			buf_adds(out, "<tbody>\n");
		buf_adds(out, "<tr>");
		for (size_t c = 0; c < nc; c++) {
			const struct fpara *cell = t->cells[r * nc + c];
			if (head)
				buf_adds(out, "<th>");
			else
				buf_addf(out, "<td style=\"text-align:%s\">", align_css(cell->align));
			runs(out, cell);
			buf_adds(out, head ? "</th>" : "</td>");
		}
		buf_adds(out, "</tr>\n");
		if (head && r + 1 == t->nhead)
			buf_adds(out, "</thead>\n");
	}
	if (nrows > t->nhead)
		buf_adds(out, "</tbody>\n");
	buf_adds(out, "</table>\n");
}

static void sign(struct buf *out, const struct fsign *s)
{
	buf_addf(out, "<div class=\"sign %s\">", s->n == 1 ? "one" : "two");
	for (size_t c = 0; c < s->n; c++) {
		buf_adds(out, "<div class=\"col\"><p><b>");
		text(out, s->title[c]);
		buf_adds(out, "</b></p><p><i>");
		text(out, s->note[c]);
		buf_adds(out, "</i></p><p class=\"name\"><b>");
		text(out, s->name[c]);
		buf_adds(out, "</b></p></div>");
	}
	buf_adds(out, "</div>\n");
}

static int is_http(const char *u)
{
	return !strncmp(u, "http://", 7) || !strncmp(u, "https://", 8);
}

static void qr(struct buf *out, const char *url, int floating)
{
	int w = 0;
	unsigned char *m = forms_qr(url, &w);
	buf_adds(out, floating ? "<figure class=\"qr fl\">" : "<figure class=\"qr\">");
	if (m) {
		buf_addf(out,
			 "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"-2 -2 %d %d\" "
			 "shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"Mã QR tra cứu hồ "
			 "sơ\"><rect x=\"-2\" y=\"-2\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
			 "<path fill=\"#000\" d=\"",
			 w + 4, w + 4, w + 4, w + 4);
		for (int row = 0; row < w; row++)
			for (int col = 0; col < w;) {
				if (!m[row * w + col]) {
					col++;
					continue;
				}
				int run = col;
				while (run < w && m[row * w + run])
					run++;
				buf_addf(out, "M%d %dh%dv1h-%dz", col, row, run - col, run - col);
				col = run;
			}
		buf_adds(out, "\"/></svg>");
		free(m);
	}
	buf_adds(out, "<figcaption>");
	if (is_http(url)) {
		buf_adds(out, "<a href=\"");
		buf_add_html(out, url, strlen(url));
		buf_adds(out, "\">");
		text(out, url);
		buf_adds(out, "</a>");
	} else {
		text(out, url);
	}
	buf_adds(out, "</figcaption></figure>\n");
}

enum err forms_html(const struct fdoc *d, struct buf *out, struct errbuf *eb)
{
	(void)eb;
	buf_adds(out, "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		      "<title>");
	text(out, d->title);
	if (d->code && *d->code) {
		buf_adds(out, " - ");
		text(out, d->code);
	}
	buf_addf(out, "</title>\n<style>@page{size:%s;margin:%s}%s</style>\n</head>\n<body>\n",
		 d->landscape ? "A4 landscape" : "A5 portrait",
		 d->landscape ? "15mm 15mm 12mm 20mm" : "12mm 10mm 10mm 15mm", css);
	buf_addf(out, "<main class=\"page %s\">\n", d->landscape ? "a4l" : "a5");

	buf_adds(out, "<header class=\"hdr\">\n<div class=\"ag\">");
	if (d->parent) {
		buf_adds(out, "<p>");
		text(out, d->parent);
		buf_adds(out, "</p>");
	}
	if (d->agency) {
		buf_adds(out, "<p><b>");
		text(out, d->agency);
		buf_adds(out, "</b></p><hr>");
	}
	buf_adds(out, "</div>\n<div class=\"na\"><p><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b></p>"
		      "<p><b class=\"motto\">Độc lập - Tự do - Hạnh phúc</b></p>");
	if (d->dateline) {
		buf_adds(out, "<p class=\"date\">");
		text(out, d->dateline);
		buf_adds(out, "</p>");
	}
	buf_adds(out, "</div>\n</header>\n");

	int floated = 0;
	for (size_t i = 0; i < d->n; i++) {
		const struct fblock *b = d->blocks[i];
		switch (b->kind) {
		case FB_PARA:
			para(out, &b->para, b->para.title);
			break;
		case FB_TABLE: table(out, &b->table); break;
		case FB_SIGN: sign(out, &b->sign); break;
		case FB_GAP: buf_addf(out, "<div style=\"height:%.2fem\"></div>\n", b->gap); break;
		case FB_QR:
			qr(out, d->qr_url, 1);
			floated = 1;
			break;
		}
	}
	if (d->qr_url && !floated)
		qr(out, d->qr_url, 0);
	buf_adds(out, "</main>\n</body>\n</html>\n");
	return ERR_OK;
}
