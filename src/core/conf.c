/*
 * conf.c - the configuration table. See conf.h.
 */
#include "core/conf.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum conf_type { CONF_STR, CONF_INT, CONF_LONG, CONF_BOOL };

struct conf_key {
	const char *key;
	enum conf_type type;
	size_t off;
	size_t sz;
	const char *def;
	long min, max;
	const char *help;
};

#define S(k, d, h) {#k, CONF_STR, offsetof(struct conf, k), sizeof(((struct conf *)0)->k), d, 0, 0, h}
#define I(k, d, lo, hi, h) {#k, CONF_INT, offsetof(struct conf, k), sizeof(int), d, lo, hi, h}
#define L(k, d, lo, hi, h) {#k, CONF_LONG, offsetof(struct conf, k), sizeof(long), d, lo, hi, h}
#define B(k, d, h) {#k, CONF_BOOL, offsetof(struct conf, k), sizeof(int), d, 0, 1, h}

static const struct conf_key conf_keys[] = {
	S(db, "data/motcua.db", "SQLite database file, or postgres://user@host/db"),
	S(listen, "127.0.0.1:8080", "address and port to serve HTTP on"),
	S(web_root, "", "serve templates and static files from this directory (development); empty = the copies built into the binary"),
	S(public_url, "http://127.0.0.1:8080", "the public base URL (links in forms and QR codes)"),
	I(threads, "0", 0, 256, "HTTP worker threads; 0 = eight per CPU core (handlers wait on the disk)"),
	L(max_body_bytes, "1048576", 1024, 1L << 30, "largest request body accepted, in bytes (413 past it)"),
	L(max_header_bytes, "16384", 4096, 1L << 20, "memory per connection for the request line and headers, in bytes (431 past it)"),
	L(max_file_bytes, "20971520", 1024, 1L << 31, "largest uploaded file, in bytes (PDF, JPEG or PNG)"),
	L(max_dossier_bytes, "104857600", 1024, 1L << 34, "most bytes of files attached to one dossier"),
	I(request_timeout, "30", 1, 3600, "seconds allowed to send a whole request body (408 past it)"),
	I(idle_timeout, "60", 1, 3600, "seconds an idle keep-alive connection is kept open"),
	I(max_connections, "4096", 16, 1000000, "most simultaneous connections"),
	B(access_log, "1", "log one line per request (with its request id)"),
	I(session_ttl, "28800", 5, 30 * 86400, "seconds of inactivity after which a login session expires"),
	S(log_level, "info", "debug, info, warn or error"),
	B(workers, "1", "run the background workers (deadline alerts) inside serve; with test_clock on they never run"),
	S(trusted_proxies, "", "comma-separated addresses of reverse proxies (e.g. 127.0.0.1 for nginx on the same host); only for requests from them is the client address taken from X-Forwarded-For (throttling, audit, access log)"),
	B(test_clock, "0", "TESTS ONLY: take the current time from the X-Test-Now request header; never enable in production"),
};

void conf_defaults(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < sizeof(conf_keys) / sizeof(conf_keys[0]); i++)
		conf_set(c, conf_keys[i].key, conf_keys[i].def, NULL);
}

enum err conf_set(struct conf *c, const char *key, const char *value, struct errbuf *eb)
{
	for (size_t i = 0; i < sizeof(conf_keys) / sizeof(conf_keys[0]); i++) {
		const struct conf_key *k = &conf_keys[i];
		if (strcmp(k->key, key) != 0)
			continue;
		char *p = (char *)c + k->off;
		if (k->type == CONF_STR) {
			if (strlen(value) >= k->sz)
				return err_set(eb, ERR_INVALID, key, "%s: value too long", key);
			memcpy(p, value, strlen(value) + 1);
			return ERR_OK;
		}
		long v;
		if (k->type == CONF_BOOL) {
			if (!strcmp(value, "1") || !strcmp(value, "on") || !strcmp(value, "yes") ||
			    !strcmp(value, "true"))
				v = 1;
			else if (!strcmp(value, "0") || !strcmp(value, "off") || !strcmp(value, "no") ||
				 !strcmp(value, "false"))
				v = 0;
			else
				return err_set(eb, ERR_INVALID, key, "%s: expected on or off, got '%s'", key,
					       value);
			*(int *)p = (int)v;
			return ERR_OK;
		}
		char *end;
		errno = 0;
		v = strtol(value, &end, 10);
		if (errno || end == value || *end || v < k->min || v > k->max)
			return err_set(eb, ERR_INVALID, key, "%s: expected a number from %ld to %ld, got '%s'",
				       key, k->min, k->max, value);
		if (k->type == CONF_INT)
			*(int *)p = (int)v;
		else
			*(long *)p = v;
		return ERR_OK;
	}
	return err_set(eb, ERR_INVALID, key, "unknown setting '%s' (see motcua --help-config)", key);
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

enum err conf_load_file(struct conf *c, const char *path, struct errbuf *eb)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int lineno = 0;
	enum err e = ERR_OK;
	if (!f)
		return err_set(eb, ERR_INVALID, "config", "cannot read %s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		char *s = trim(line);
		if (*s == '#' || *s == '\0')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			e = err_set(eb, ERR_INVALID, "config", "%s:%d: expected key = value", path, lineno);
			break;
		}
		*eq = '\0';
		struct errbuf sub;
		if (conf_set(c, trim(s), trim(eq + 1), &sub)) {
			e = err_set(eb, ERR_INVALID, "config", "%s:%d: %s", path, lineno, sub.msg);
			break;
		}
	}
	fclose(f);
	return e;
}

enum err conf_load_env(struct conf *c, struct errbuf *eb)
{
	for (size_t i = 0; i < sizeof(conf_keys) / sizeof(conf_keys[0]); i++) {
		char name[64] = "MOTCUA_";
		size_t n = strlen(name);
		for (const char *k = conf_keys[i].key; *k && n < sizeof(name) - 1; k++)
			name[n++] = (char)toupper((unsigned char)*k);
		name[n] = '\0';
		const char *v = getenv(name);
		if (v) {
			enum err e = conf_set(c, conf_keys[i].key, v, eb);
			if (e)
				return e;
		}
	}
	return ERR_OK;
}

void conf_print_help(FILE *out)
{
	fprintf(out, "# motcua configuration: key = value; each key can also be set with the\n"
		     "# environment variable MOTCUA_<KEY> (e.g. MOTCUA_DB).\n");
	for (size_t i = 0; i < sizeof(conf_keys) / sizeof(conf_keys[0]); i++)
		fprintf(out, "\n# %s\n%s = %s\n", conf_keys[i].help, conf_keys[i].key, conf_keys[i].def);
}
