/*
 * fold.h - Vietnamese text folding for accent-insensitive search.
 *
 * fold_text() lower-cases, decomposes (NFD) and strips combining marks with
 * utf8proc, maps đ/Đ to d (a separate letter, not a mark, so Unicode
 * decomposition leaves it alone), and turns every run of characters that
 * are neither letters nor digits into one space. "Thủ tục ĐẤT ĐAI!" becomes
 * "thu tuc dat dai". The same function folds stored text and queries, on
 * every backend, so search behaves the same on SQLite and PostgreSQL.
 */
#ifndef MOTCUA_CORE_FOLD_H
#define MOTCUA_CORE_FOLD_H

#include <stddef.h>

/* Fold s (sz bytes of UTF-8). Returns a malloc'd NUL-terminated string the
 * caller frees, or NULL if s is not valid UTF-8 or memory ran out. */
char *fold_text(const char *s, size_t sz);

/* 1 if s (sz bytes) is valid UTF-8 without NUL bytes. */
int utf8_valid(const char *s, size_t sz);

#endif
