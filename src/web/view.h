/*
 * view.h - how values are shown to people: money as "1.500.000 đ", dates
 * as "27/01/2025", times as "09:00, 27/01/2025", and the message
 * catalogues (web/i18n/vi.json, en.json) that pages are written in.
 */
#ifndef MOTCUA_WEB_VIEW_H
#define MOTCUA_WEB_VIEW_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* "1.500.000 đ" (Vietnamese) or "1,500,000 VND" (English) into out. */
void view_money(long long amount, int en, char *out, size_t sz);
/* "2025-01-27" -> "27/01/2025"; other input is copied as it is. */
void view_date(const char *iso, char *out, size_t sz);
/* The message catalogue for a language (borrowed; lives for the process,
 * or NULL if the embedded catalogue is broken). */
json_t *view_messages(int en);

#endif
