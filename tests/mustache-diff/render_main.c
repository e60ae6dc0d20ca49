/*
 * render_main.c - a command-line driver for the differential test in this
 * folder: renders one template with src/web/mustache.c and writes the
 * result to stdout, so diff.test.mjs can compare it with npm mustache.
 *
 *     mustache-render TEMPLATE DATA.json [PARTIALS.json]
 *
 * TEMPLATE is read as raw bytes; DATA.json is any JSON value (the root
 * context); PARTIALS.json is an object mapping partial names to template
 * strings. Exit status: 0 rendered, 1 render error (message on stderr, in
 * the form "error <code>: <message>"), 2 usage or input-file error.
 *
 * It is a test tool, not part of the server: it is linked against
 * libmotcua.a by its own Makefile rule and is never installed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "web/mustache.h"

#define FILE_MAX (16u << 20)

/* Read the whole file at path into a malloc'd buffer; NULL on failure. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		goto fail;
	for (;;) {
		char *q;
		size_t got;

		if (cap - n < 4096) {
			if (cap >= FILE_MAX)
				goto fail;
			cap = cap ? cap * 2 : 65536;
			q = realloc(p, cap + 1);
			if (!q)
				goto fail;
			p = q;
		}
		got = fread(p + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		goto fail;
	fclose(f);
	p[n] = '\0';
	*len = n;
	return p;
fail:
	if (f)
		fclose(f);
	free(p);
	return NULL;
}

static const char *load_partial(void *arg, const char *name, size_t *len)
{
	json_t *v = json_object_get(arg, name);

	if (!json_is_string(v))
		return NULL;
	*len = json_string_length(v);
	return json_string_value(v);
}

int main(int argc, char **argv)
{
	char *tpl = NULL;
	size_t tpl_len = 0;
	json_t *data = NULL, *partials = NULL;
	json_error_t jerr;
	struct mustache_buf out;
	struct errbuf eb;
	enum err e;
	int rc = 2;

	mustache_buf_init(&out, MUSTACHE_OUT_MAX);
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: %s TEMPLATE DATA.json [PARTIALS.json]\n", argv[0]);
		goto out;
	}
	tpl = read_file(argv[1], &tpl_len);
	if (!tpl) {
		fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[1]);
		goto out;
	}
	data = json_load_file(argv[2], JSON_DECODE_ANY, &jerr);
	if (!data) {
		fprintf(stderr, "%s: %s: %s\n", argv[0], argv[2], jerr.text);
		goto out;
	}
	partials = argc == 4 ? json_load_file(argv[3], 0, &jerr) : json_object();
	if (!partials) {
		fprintf(stderr, "%s: %s: %s\n", argv[0], argv[3], jerr.text);
		goto out;
	}
	err_clear(&eb);
	e = mustache_render(tpl, tpl_len, data, load_partial, partials, &out, &eb);
	if (e) {
		fprintf(stderr, "error %s: %s\n", err_code(e), eb.msg);
		rc = 1;
		goto out;
	}
	if (fwrite(out.p, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
		fprintf(stderr, "%s: write error\n", argv[0]);
		goto out;
	}
	rc = 0;
out:
	mustache_buf_release(&out);
	json_decref(data);
	json_decref(partials);
	free(tpl);
	return rc;
}
