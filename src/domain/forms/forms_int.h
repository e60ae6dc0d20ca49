/*
 * forms_int.h - internals shared by the forms module: the layout-neutral
 * document a form is built into, and the small formatters and JSON
 * readers the builders use.
 *
 * A form is built once (forms_build.c) into a struct fdoc: the header
 * facts (agency block, date line), then a flow of blocks (paragraphs made
 * of styled runs, tables whose cells are paragraphs, signature blocks,
 * gaps) and the lookup URL for the QR code. Two back ends draw the same
 * document: forms_pdf.c with cairo and pango, forms_html.c as HTML. So the
 * words of a form are written once and the PDF and the page cannot drift.
 *
 * Ownership: an fdoc owns every string and block in it; fdoc_release()
 * frees all. The builder functions never fail loudly: when memory runs out
 * they set d->oom, return NULL, and accept NULL afterwards, so a builder
 * runs to its end and the caller checks d->oom once.
 */
#ifndef MOTCUA_DOMAIN_FORMS_FORMS_INT_H
#define MOTCUA_DOMAIN_FORMS_FORMS_INT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "domain/forms/forms.h"

/* The font family list given to pango: the serif first (the look of
 * official documents), the sans for any letter the serif lacks. */
#define FORMS_FONT_FAMILY "Noto Serif,Noto Sans"

#define FS_BOLD 1u
#define FS_ITALIC 2u

enum falign { FA_LEFT, FA_CENTER, FA_RIGHT, FA_JUSTIFY };

struct frun {
	unsigned style; /* FS_BOLD | FS_ITALIC */
	char *text;
};

/* A paragraph: runs of styled text, wrapped to the width it is given. A
 * '\n' inside a run breaks the line. Sizes are relative to the form's body
 * size, distances are in body-size ems. */
struct fpara {
	struct frun *runs;
	size_t n, cap;
	enum falign align;
	double scale;  /* font size / body size, 1.0 by default */
	double left;   /* left margin */
	double indent; /* first-line indent; negative: hanging (later lines indented) */
	double before; /* space above */
	int keep;      /* keep on the same page as the next block */
	int fit;       /* shrink (to 80% at most) to stay on one line */
	int title;     /* the form's title (a heading in HTML) */
};

#define FT_MAXCOLS 16

/* A table: nhead header rows (drawn bold, centred, repeated on every page)
 * then body rows, ncols cells a row, row-major. */
struct ftable {
	size_t ncols, nhead;
	double widths[FT_MAXCOLS]; /* relative widths */
	enum falign align[FT_MAXCOLS]; /* of body cells */
	struct fpara **cells;
	size_t ncells, cap;
	double scale;
};

/* Signature block: one column (on the right half) or two. */
struct fsign {
	size_t n;
	char *title[2]; /* "NGƯỜI TIẾP NHẬN" */
	char *note[2];  /* "(Ký và ghi rõ họ tên)" */
	char *name[2];  /* printed under the space for the signature; may be NULL */
};

/* FB_QR marks where the QR code of the lookup link floats, at the right
 * of the text that follows; a form without the marker gets its QR code in
 * the bottom-left corner of its last page. */
enum fblock_kind { FB_PARA, FB_TABLE, FB_SIGN, FB_GAP, FB_QR };

struct fblock {
	enum fblock_kind kind;
	struct fpara para;
	struct ftable table;
	struct fsign sign;
	double gap; /* FB_GAP: ems */
};

struct fdoc {
	enum form_id id;
	int landscape;    /* A4 landscape (form 06); A5 portrait otherwise */
	char *parent;     /* upper-cased parent agency, may be NULL */
	char *agency;     /* upper-cased agency, may be NULL */
	char *dateline;   /* "Quảng Trị, ngày 27 tháng 01 năm 2025", may be NULL */
	char *title;      /* the form's title, also the page title */
	char *code;       /* dossier code, for the page title; may be NULL */
	char *create_date; /* "2025-01-27T09:00:00" for the PDF metadata, may be NULL */
	struct fblock **blocks;
	size_t n, cap;
	char *qr_url;     /* may be NULL: no QR code */
	int oom;
};

void fdoc_init(struct fdoc *d, enum form_id id);
void fdoc_release(struct fdoc *d);
/* strdup that records failure in d; NULL s gives NULL. */
char *fdoc_strdup(struct fdoc *d, const char *s);
/* A new paragraph block (body size, no indent). */
struct fpara *fdoc_para(struct fdoc *d, enum falign a);
void fpara_add(struct fdoc *d, struct fpara *p, unsigned style, const char *s);
void fpara_addf(struct fdoc *d, struct fpara *p, unsigned style, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A new table block; widths has ncols entries. */
struct ftable *fdoc_table(struct fdoc *d, size_t ncols, const double *widths, size_t nhead);
/* The next cell of t, left to right, top to bottom. Header cells are
 * centred whatever a says. */
struct fpara *ftable_cell(struct fdoc *d, struct ftable *t, enum falign a);
/* The next cell holding s in the given style. */
void ftable_text(struct fdoc *d, struct ftable *t, unsigned style, const char *s);
/* A signature block; title2 NULL makes a one-column block on the right. */
void fdoc_sign(struct fdoc *d, const char *title1, const char *note1, const char *name1,
	       const char *title2, const char *note2, const char *name2);
void fdoc_gap(struct fdoc *d, double em);
/* Float the QR code here (a no-op when the form has no lookup URL). */
void fdoc_qr(struct fdoc *d);

/* Build form f of model into d (d initialised by the caller). The rule set
 * has been resolved to "2018" or "2025". ERR_LIMIT past a cap. */
enum err forms_build(enum form_id f, const char *rule_set, json_t *model, struct fdoc *d,
		     struct errbuf *eb);

/* Back ends: append the document to out. */
enum err forms_pdf(const struct fdoc *d, struct buf *out, struct errbuf *eb);
enum err forms_html(const struct fdoc *d, struct buf *out, struct errbuf *eb);

/* The QR code of text: a malloc'd width*width matrix, 1 = dark module.
 * NULL if text cannot be encoded or memory ran out. */
unsigned char *forms_qr(const char *text, int *width);

/* ---- formatters (forms_fmt.c) --------------------------------------- */

#define FORMS_DOTS "............"

/* Vietnam local civil time of an ISO 8601 string; -1 if absent/invalid. */
int forms_local(const char *iso, int *y, int *mo, int *d, int *h, int *mi);
/* "09 giờ 00 phút, ngày 27/01/2025"; dotted blanks when iso is absent. */
void forms_fmt_time(const char *iso, char out[64]);
/* "27/01/2025"; dotted blank when absent. */
void forms_fmt_date(const char *iso, char out[32]);
/* "ngày 27 tháng 01 năm 2025" (Decree 30/2020: day < 10 and months 1, 2
 * take a leading zero); dotted blanks when absent. */
void forms_fmt_date_words(const char *iso, char out[64]);
/* "1.500.000 đồng". */
void forms_fmt_money(long long amount, char out[48]);
/* Upper-case UTF-8 (Vietnamese letters included); malloc'd, NULL on
 * failure or NULL s. */
char *forms_upper(const char *s);

/* ---- reading the model (absent or wrong type gives the default) ----- */

const char *fj_str(json_t *obj, const char *key);
/* fj_str, or def when absent or empty. */
const char *fj_strd(json_t *obj, const char *key, const char *def);
long long fj_int(json_t *obj, const char *key, long long def);
json_t *fj_obj(json_t *obj, const char *key);
/* An array member, NULL if absent or not an array. */
json_t *fj_arr(json_t *obj, const char *key);

#endif
