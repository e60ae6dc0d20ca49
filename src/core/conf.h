/*
 * conf.h - motcua's settings. One table (conf.c) drives the config file
 * (`key = value` lines, # comments), the MOTCUA_<KEY> environment
 * overrides, `motcua --help-config` and docs/motcua.conf.example.
 * Precedence, lowest first: built-in default, config file, environment,
 * command-line flag (set by main with conf_set()).
 */
#ifndef MOTCUA_CORE_CONF_H
#define MOTCUA_CORE_CONF_H

#include <stdio.h>

#include "core/err.h"

struct conf {
	char db[512];           /* SQLite file path or postgres:// URL */
	char listen[64];        /* host:port */
	char web_root[512];     /* serve web/ from disk instead of the binary */
	char public_url[256];   /* base URL printed on forms and in links */
	int threads;            /* HTTP worker threads, 0 = number of cores */
	long max_body_bytes;    /* request body cap (413 past it) */
	long max_header_bytes;  /* per-connection memory for headers (431 past it) */
	long max_file_bytes;    /* one uploaded file (413 past it) */
	long max_dossier_bytes; /* all the files of one dossier (413 past it) */
	int request_timeout;    /* seconds for a whole request body (408 past it) */
	int idle_timeout;       /* seconds an idle keep-alive connection stays open */
	int max_connections;
	int access_log;         /* 1 = one line per request */
	int session_ttl;        /* seconds of inactivity before a session expires */
	char log_level[16];
	int test_clock;         /* honour X-Test-Now (acceptance tests only) */
	int workers;            /* run the background workers in serve */
	char trusted_proxies[512]; /* comma-separated addresses whose X-Forwarded-For is believed */
};

/* Fill c with the built-in defaults. */
void conf_defaults(struct conf *c);
/* Set one key from text; ERR_INVALID (with the key as field) if the key is
 * unknown or the value does not parse. */
enum err conf_set(struct conf *c, const char *key, const char *value, struct errbuf *eb);
/* Read a config file; errors name the file and line. */
enum err conf_load_file(struct conf *c, const char *path, struct errbuf *eb);
/* Apply MOTCUA_<KEY> environment variables. */
enum err conf_load_env(struct conf *c, struct errbuf *eb);
/* Print every key with its default and meaning (for --help-config), in
 * config-file syntax. */
void conf_print_help(FILE *out);

#endif
