/*
 * forms.h - the official forms of a dossier, as PDF and as HTML
 * (DOMAIN.md R-RS-2, R-DS-2, R-DS-5, R-DS-7, R-DS-8, R-DS-10, R-DS-11,
 * R-DS-13).
 *
 * Form 01 is the receipt and appointment, 02 the supplement request, 03 the
 * refusal, 04 the apology with a new return time (in the 2025 rule set the
 * "apology and request for extension"), 05 the control sheet of hand-overs,
 * 06 the tracking book (one row per dossier) and 07, only in the 2025 rule
 * set, the notice that processing stopped.
 *
 * This module is pure of storage and of HTTP: it reads one JSON model (the
 * shape is documented in docs/internals/forms.md: "rule_set",
 * "lookup_url", "agency", "dossier", and "book" for form 06) and appends
 * bytes to a struct buf. Every member of the model is optional; a missing
 * value prints as the dotted blank of a paper form. The PDF is laid out by
 * pango on cairo with the Noto Serif font (Noto Sans for any letter the
 * serif lacks), A5 portrait for every form but 06, which is A4 landscape.
 * Every form carries a QR code of "lookup_url" with the link printed under
 * it. The HTML is one standalone print-friendly page with every model
 * string escaped and no script.
 *
 * Thread safety: the functions keep no state between calls; several
 * threads may render at once (pango keeps one font map per thread).
 */
#ifndef MOTCUA_DOMAIN_FORMS_FORMS_H
#define MOTCUA_DOMAIN_FORMS_FORMS_H

#include <jansson.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

enum form_id {
	FORM_01_RECEIPT,
	FORM_02_SUPPLEMENT,
	FORM_03_REFUSAL,
	FORM_04_APOLOGY,
	FORM_05_CONTROL_SHEET,
	FORM_06_TRACKING_BOOK,
	FORM_07_STOP,
	FORM__MAX
};

/* Caps on the model, past which rendering fails with ERR_LIMIT. */
#define FORMS_MAX_ITEMS 500    /* documents, fees, steps, supplements' items, transfers */
#define FORMS_MAX_BOOK_ROWS 5000 /* rows of form 06 */
#define FORMS_MAX_URL 1024     /* bytes of lookup_url (a QR code holds ~2300 at level M) */

/* The form numbered nn ("01".."07", exactly two digits) in rule_set
 * ("2018" or "2025"). ERR_INVALID (field "form" or "rule_set") for any
 * other spelling; ERR_NOTFOUND (code "form_not_in_rule_set") for 07 in the
 * 2018 rule set, which has no such form (R-RS-2). */
enum err forms_parse_id(const char *nn, const char *rule_set, enum form_id *out,
			struct errbuf *eb);

/* "01".."07" for a form, NULL for an out-of-range value. */
const char *forms_number(enum form_id f);

/* The official title of form f in rule_set ("2018"/"2025"; NULL or
 * anything else is read as "2025"), upper-case as printed, e.g.
 * "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ". NULL for an out-of-range f
 * and for form 07 in the 2018 rule set. Static storage. */
const char *forms_title(enum form_id f, const char *rule_set);

/* Whether form f exists for this dossier (the "dossier" object of the
 * model). ERR_OK when it does; otherwise ERR_NOTFOUND, with code
 * "form_not_applicable" and a reason in eb:
 *   01, 05, 06: the dossier was received ("received_at" set);
 *   02: a supplement was requested ("supplements" not empty, or status 5);
 *   03: the dossier was refused ("refusal" set, or status 3);
 *   04: the dossier has an apology ("apology" set);
 *   07: processing was stopped ("stop" set, or status 8).
 * ERR_INVALID if dossier is not an object or f is out of range. The rule
 * set is not looked at here: forms_parse_id() decides whether 07 exists. */
enum err forms_applies(enum form_id f, json_t *dossier, struct errbuf *eb);

/* Append the PDF of form f filled from model to out. A4 landscape for form
 * 06 (one table row per dossier of model.book.rows, or the one dossier of
 * model.dossier when there is no book), A5 portrait otherwise; long
 * content flows onto more pages, tables repeat their header rows.
 * Letters no installed font can draw print as boxes rather than fail the
 * form (see forms_font_check()). On failure out is left as it was and:
 * ERR_INVALID if model is not an object or its rule_set is not "2018" /
 * "2025" (a missing rule_set is read from dossier.received_at: 2025 from
 * 2025-07-01 on), ERR_NOTFOUND for 07 in the 2018 rule set, ERR_LIMIT past
 * a FORMS_MAX_* cap or out's own cap, ERR_INTERNAL if cairo fails or memory
 * runs out. */
enum err forms_render_pdf(enum form_id f, json_t *model, struct buf *out, struct errbuf *eb);

/* Append the same form as one standalone HTML page (UTF-8, inline CSS with
 * @page A5/A4, the QR code as inline SVG, no script) to out. Every string
 * of the model is HTML-escaped; the lookup link is a hyperlink only when it
 * is http(s). Errors as forms_render_pdf(). */
enum err forms_render_html(enum form_id f, json_t *model, struct buf *out, struct errbuf *eb);

/* What forms_font_check() found. */
struct forms_font_report {
	int unknown_glyphs;      /* characters no installed font could draw */
	size_t nfamilies;        /* distinct font families used, at most 8 */
	char families[8][64];    /* in order of first use, e.g. "Noto Serif" */
};

/* Lay out text (UTF-8) in the forms' font, regular, bold, italic and bold
 * italic, and report how many characters could not be drawn and which
 * font families pango picked. Lets callers and tests prove that a name or
 * the whole Vietnamese alphabet prints with Noto only. ERR_INVALID if text
 * is NULL, ERR_INTERNAL if cairo fails. */
enum err forms_font_check(const char *text, struct forms_font_report *r, struct errbuf *eb);

#endif
