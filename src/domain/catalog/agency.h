/*
 * agency.h - agencies and their electronic identifiers (R-AG).
 *
 * An agency has two codes: the dossier-code notation "VVV.ZZ.YY.MXX"
 * (level 4 . level 3 . level 2 . level 1, e.g. 000.00.12.H50) and the
 * data-sharing notation, level 1 first ("H50.12"). They name the same
 * agency, so one is derived from the other and both are checked to agree.
 * This module validates and canonicalises agency JSON; it does no I/O.
 */
#ifndef MOTCUA_DOMAIN_CATALOG_AGENCY_H
#define MOTCUA_DOMAIN_CATALOG_AGENCY_H

#include <jansson.h>
#include <stddef.h>

#include "core/err.h"

#define AGENCY_CODE_MAX 35

/* 1 if code is a valid dossier-code notation: four dot-separated parts of
 * 3, 2, 2 and 3 characters, upper-case letters or digits, the last
 * [A-Y][0-9]{2}. */
int agency_code_valid(const char *code);
/* 1 if code is a valid data-sharing notation: [A-Y][0-9]{2} then up to
 * three ".XX" parts of upper-case letters or digits, at most 35 chars. */
int agency_share_code_valid(const char *code);
/* Derive the data-sharing notation from a valid dossier-code notation:
 * 000.01.12.H50 -> H50.12.01 (trailing all-zero levels are left out). */
void agency_share_from_code(const char *code, char out[AGENCY_CODE_MAX + 1]);
/* The level (1..4) a dossier-code notation names: the deepest non-zero
 * part. */
int agency_code_level(const char *code);

/* Validate an agency object from a client (create = 1 for POST, 0 for an
 * update where `base` holds the stored document and `in` the patch).
 * On success *out is a new canonical document (caller json_decref()s it).
 * ERR_INVALID with eb->field naming the first bad field. Parents and
 * successors must exist: that is checked by the caller against the store. */
enum err agency_validate(json_t *in, json_t *base, json_t **out, struct errbuf *eb);

#endif
