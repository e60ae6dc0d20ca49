/*
 * test_mustache.c - conformance and safety tests for src/web/mustache.c.
 *
 * The first six tests run every case of the official Mustache specification
 * files (comments, delimiters, interpolation, inverted, partials, sections),
 * read at run time from ../shared/data/mustache-spec/ (relative to the
 * project root, the working directory of the test run) or from the
 * directory in MUSTACHE_SPEC_DIR. Each prints the cases that fail with
 * expected and actual output, and fails if any does; a missing spec file is
 * a failure, not a skip.
 *
 * The rest are hand-written: the choices mustache.h makes where the
 * specification is silent (truthiness, number formatting, escaping of '),
 * Vietnamese text, and the limits (output cap, partial depth, section
 * nesting, context stack, work budget) and malformed templates, whose
 * errors must name the line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/mustache.h"

/* ---- helpers ---- */

/* Loader over a JSON object {"name": "text", ...}. */
static const char *load_json(void *arg, const char *name, size_t *len)
{
	json_t *v = json_object_get(arg, name);

	if (!json_is_string(v))
		return NULL;
	*len = json_string_length(v);
	return json_string_value(v);
}

static json_t *parse_json(const char *text)
{
	json_error_t jerr;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &jerr);

	if (!v)
		fail_msg("bad JSON in test (%s): %s", jerr.text, text);
	return v;
}

/* Render tpl against the JSON text data with the partials in the JSON
 * object text partials (may be NULL), capped at max bytes. */
static enum err render(const char *tpl, const char *data, const char *partials, size_t max,
		       struct mustache_buf *out, struct errbuf *eb)
{
	json_t *d = parse_json(data);
	json_t *p = partials ? parse_json(partials) : json_object();
	enum err e;

	mustache_buf_init(out, max);
	err_clear(eb);
	e = mustache_render(tpl, strlen(tpl), d, load_json, p, out, eb);
	json_decref(d);
	json_decref(p);
	return e;
}

static void expect_render(const char *tpl, const char *data, const char *partials,
			  const char *expected)
{
	struct mustache_buf out;
	struct errbuf eb;
	enum err e = render(tpl, data, partials, 1u << 20, &out, &eb);

	if (e != ERR_OK)
		fail_msg("template %s: error %d: %s", tpl, e, eb.msg);
	assert_non_null(out.p);
	assert_string_equal(out.p, expected);
	assert_int_equal(out.len, strlen(expected));
	mustache_buf_release(&out);
}

/* Expect error want, with a message containing msg. */
static void expect_error(const char *tpl, const char *data, const char *partials, enum err want,
			 const char *msg)
{
	struct mustache_buf out;
	struct errbuf eb;
	enum err e = render(tpl, data, partials, 1u << 20, &out, &eb);

	if (e != want || !strstr(eb.msg, msg))
		fail_msg("template %.80s: want error %d containing \"%s\", got %d \"%s\"", tpl,
			 want, msg, e, eb.msg);
	mustache_buf_release(&out);
}

/* ---- the specification files ---- */

static char *json_quote(const char *s)
{
	json_t *j = json_string(s ? s : "(null)");
	char *q = json_dumps(j, JSON_ENCODE_ANY);

	json_decref(j);
	return q;
}

static void run_spec_file(const char *file)
{
	const char *dir = getenv("MUSTACHE_SPEC_DIR");
	char path[1024];
	json_error_t jerr;
	json_t *root, *tests;
	size_t i, failed = 0;

	if (!dir || !*dir)
		dir = "../shared/data/mustache-spec/";
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	root = json_load_file(path, 0, &jerr);
	if (!root)
		fail_msg("cannot read spec file %s: %s (set MUSTACHE_SPEC_DIR)", path, jerr.text);
	tests = json_object_get(root, "tests");
	assert_true(json_is_array(tests));
	assert_true(json_array_size(tests) > 0);

	for (i = 0; i < json_array_size(tests); i++) {
		json_t *t = json_array_get(tests, i);
		const char *name = json_string_value(json_object_get(t, "name"));
		json_t *tpl = json_object_get(t, "template");
		const char *expected = json_string_value(json_object_get(t, "expected"));
		struct mustache_buf out;
		struct errbuf eb;
		enum err e;

		err_clear(&eb);
		mustache_buf_init(&out, 1u << 20);
		e = mustache_render(json_string_value(tpl), json_string_length(tpl),
				    json_object_get(t, "data"), load_json,
				    json_object_get(t, "partials"), &out, &eb);
		if (e != ERR_OK || !expected || out.len != strlen(expected) ||
		    memcmp(out.p, expected, out.len) != 0) {
			char *qt = json_quote(json_string_value(tpl));
			char *qe = json_quote(expected);
			char *qg = json_quote(e == ERR_OK ? out.p : eb.msg);

			print_error("%s: FAILED \"%s\"\n  template: %s\n  expected: %s\n  %s %s\n",
				    file, name, qt, qe,
				    e == ERR_OK ? "got:     " : "error:   ", qg);
			free(qt);
			free(qe);
			free(qg);
			failed++;
		}
		mustache_buf_release(&out);
	}
	print_message("%s: %zu/%zu spec cases passed\n", file, json_array_size(tests) - failed,
		      json_array_size(tests));
	json_decref(root);
	assert_int_equal(failed, 0);
}

static void spec_comments(void **state)
{
	(void)state;
	run_spec_file("comments.json");
}

static void spec_delimiters(void **state)
{
	(void)state;
	run_spec_file("delimiters.json");
}

static void spec_interpolation(void **state)
{
	(void)state;
	run_spec_file("interpolation.json");
}

static void spec_inverted(void **state)
{
	(void)state;
	run_spec_file("inverted.json");
}

static void spec_partials(void **state)
{
	(void)state;
	run_spec_file("partials.json");
}

static void spec_sections(void **state)
{
	(void)state;
	run_spec_file("sections.json");
}

/* ---- escaping and text ---- */

/* "ế" written as e + U+0302 + U+0301 (NFD), to show bytes are not normalised. */
#define E_NFD "e\xcc\x82\xcc\x81"

static void vietnamese_text_keeps_diacritics_and_escapes_only_markup(void **state)
{
	(void)state;
	expect_render(
	    "<p title=\"{{t}}\">{{t}}</p>|{{{t}}}|{{&t}}",
	    "{\"t\": \"Đăng ký <b>\\\"khai sinh\\\"</b> & 'hộ tịch' " E_NFD "\"}", NULL,
	    "<p title=\"Đăng ký &lt;b&gt;&quot;khai sinh&quot;&lt;/b&gt; &amp; "
	    "&#39;hộ tịch&#39; " E_NFD "\">Đăng ký &lt;b&gt;&quot;khai sinh&quot;&lt;/b&gt; "
	    "&amp; &#39;hộ tịch&#39; " E_NFD "</p>|Đăng ký <b>\"khai sinh\"</b> & 'hộ tịch' " E_NFD
	    "|Đăng ký <b>\"khai sinh\"</b> & 'hộ tịch' " E_NFD);
}

static void vietnamese_template_text_and_names_pass_through(void **state)
{
	(void)state;
	expect_render("Thủ tục: {{tên}} — {{#bước}}{{.}}; {{/bước}}",
		      "{\"tên\": \"Cấp giấy phép xây dựng\", \"bước\": [\"Nộp hồ sơ\", "
		      "\"Thẩm định\", \"Trả kết quả\"]}",
		      NULL,
		      "Thủ tục: Cấp giấy phép xây dựng — Nộp hồ sơ; Thẩm định; Trả kết quả; ");
}

static void only_five_characters_are_escaped(void **state)
{
	(void)state;
	expect_render("{{s}}", "{\"s\": \"a=b/c`d&e<f>g\\\"h'i\"}", NULL,
		      "a=b/c`d&amp;e&lt;f&gt;g&quot;h&#39;i");
}

static void set_delimiters_apply_to_triple_and_ampersand_tags(void **state)
{
	(void)state;
	expect_render("{{=<% %>=}}<%{s}%> <%&s%> <%s%> {{s}}", "{\"s\": \"<i>\"}", NULL,
		      "<i> <i> &lt;i&gt; {{s}}");
}

/* ---- choices where the specification is silent ---- */

static void numbers_print_like_javascript(void **state)
{
	(void)state;
	expect_render("{{#n}}[{{.}}]{{/n}}",
		      "{\"n\": [1.21, 100.0, 0.1, -0.5, 1e21, 1e20, 1e-7, 0.000001, 123456.789, "
		      "1.5e300, -42, 9007199254740993, 0.30000000000000004, 5e-324]}",
		      NULL,
		      "[1.21][100][0.1][-0.5][1e+21][100000000000000000000][1e-7][0.000001]"
		      "[123456.789][1.5e+300][-42][9007199254740993][0.30000000000000004]"
		      "[5e-324]");
}

static void booleans_print_as_words_and_containers_print_nothing(void **state)
{
	(void)state;
	expect_render("({{t}}|{{f}}|{{o}}|{{a}}|{{z}})",
		      "{\"t\": true, \"f\": false, \"o\": {\"x\": 1}, \"a\": [1, 2], \"z\": null}",
		      NULL, "(true|false|||)");
}

static void empty_string_and_zero_are_falsy_empty_object_is_truthy(void **state)
{
	(void)state;
	expect_render("{{#s}}S{{/s}}{{^s}}!s{{/s}} {{#i}}I{{/i}}{{^i}}!i{{/i}} "
		      "{{#r}}R{{/r}}{{^r}}!r{{/r}} {{#o}}O{{/o}}{{^o}}!o{{/o}} "
		      "{{#z}}Z{{/z}}{{^z}}!z{{/z}} {{#l}}L{{/l}}{{^l}}!l{{/l}}",
		      "{\"s\": \"\", \"i\": 0, \"r\": 0.0, \"o\": {}, \"z\": \"0\", \"l\": []}",
		      NULL, "!s !i !r O Z !l");
}

static void truthy_scalar_section_becomes_the_context_top(void **state)
{
	(void)state;
	expect_render("{{#n}}<{{.}}>{{/n}}{{#b}}<{{.}}>{{/b}}", "{\"n\": 7, \"b\": true}", NULL,
		      "<7><true>");
}

static void null_key_stops_the_context_walk(void **state)
{
	(void)state;
	/* The inner object has the key "x" (null), so the outer "x" is not
	 * reached: the first context that has the key wins. */
	expect_render("{{#in}}[{{x}}]{{/in}}", "{\"x\": \"outer\", \"in\": {\"x\": null}}", NULL,
		      "[]");
}

static void null_root_context_renders_text(void **state)
{
	struct mustache_buf out;
	struct errbuf eb;
	const char *tpl = "a{{x}}{{#y}}b{{/y}}{{^y}}c{{/y}}{{>p}}";

	(void)state;
	mustache_buf_init(&out, 100);
	assert_int_equal(mustache_render(tpl, strlen(tpl), NULL, NULL, NULL, &out, &eb), ERR_OK);
	assert_string_equal(out.p, "ac");
	mustache_buf_release(&out);
}

static void standalone_partial_indents_only_non_empty_lines(void **state)
{
	(void)state;
	expect_render("<ul>\n  {{>item}}\n</ul>\n", "{\"x\": \"a\\nb\"}",
		      "{\"item\": \"<li>{{x}}</li>\\n\\n<li>2</li>\\n\"}",
		      "<ul>\n  <li>a\nb</li>\n\n  <li>2</li>\n</ul>\n");
}

static void partial_sees_the_context_stack_of_its_tag(void **state)
{
	(void)state;
	expect_render("{{#items}}{{>row}}{{/items}}",
		      "{\"unit\": \"VNĐ\", \"items\": [{\"fee\": 50000}, {\"fee\": 1.5}]}",
		      "{\"row\": \"{{fee}} {{unit}};\"}", "50000 VNĐ;1.5 VNĐ;");
}

static int load_calls;

static const char *load_counting(void *arg, const char *name, size_t *len)
{
	load_calls++;
	return load_json(arg, name, len);
}

static void each_partial_is_loaded_once_per_indentation(void **state)
{
	json_t *ctx = parse_json("{\"l\": [1, 2, 3]}");
	json_t *parts = parse_json("{\"p\": \"<{{.}}>\\n\"}");
	const char *tpl = "{{#l}}{{>p}}{{/l}}\n{{#l}}\n  {{>p}}\n{{/l}}{{>q}}{{>q}}";
	struct mustache_buf out;
	struct errbuf eb;

	(void)state;
	load_calls = 0;
	mustache_buf_init(&out, 1000);
	assert_int_equal(mustache_render(tpl, strlen(tpl), ctx, load_counting, parts, &out, &eb),
			 ERR_OK);
	assert_string_equal(out.p, "<1>\n<2>\n<3>\n\n  <1>\n  <2>\n  <3>\n");
	/* p unindented, p indented by two blanks, and the missing q. */
	assert_int_equal(load_calls, 3);
	mustache_buf_release(&out);
	json_decref(ctx);
	json_decref(parts);
}

static void template_bytes_after_nul_are_rendered(void **state)
{
	static const char tpl[] = "a\0b{{x}}{{>p\0q}}";
	struct mustache_buf out;
	struct errbuf eb;
	json_t *ctx = parse_json("{\"x\": \"c\"}");

	(void)state;
	mustache_buf_init(&out, 100);
	assert_int_equal(mustache_render(tpl, 8, ctx, NULL, NULL, &out, &eb), ERR_OK);
	assert_int_equal(out.len, 4);
	assert_memory_equal(out.p, "a\0bc", 4);
	mustache_buf_release(&out);
	mustache_buf_init(&out, 100);
	assert_int_equal(mustache_render(tpl, sizeof(tpl) - 1, ctx, NULL, NULL, &out, &eb),
			 ERR_INVALID);
	assert_string_equal(eb.msg, "partial name contains a NUL byte");
	mustache_buf_release(&out);
	json_decref(ctx);
}

/* ---- nesting and limits ---- */

/* Sections nested n deep over {"a": {"a": ... {"v": n}}}. */
static void nested_sections(size_t n, char **tpl, char **data)
{
	size_t tsz = n * 13 + 16, dsz = n * 8 + 32;
	char *t = malloc(tsz), *d = malloc(dsz);
	size_t tl = 0, dl = 0;

	assert_non_null(t);
	assert_non_null(d);
	for (size_t i = 0; i < n; i++) {
		tl += (size_t)snprintf(t + tl, tsz - tl, "{{#a}}");
		dl += (size_t)snprintf(d + dl, dsz - dl, "{\"a\": ");
	}
	tl += (size_t)snprintf(t + tl, tsz - tl, "{{v}}");
	dl += (size_t)snprintf(d + dl, dsz - dl, "{\"v\": %zu}", n);
	for (size_t i = 0; i < n; i++) {
		tl += (size_t)snprintf(t + tl, tsz - tl, "{{/a}}");
		dl += (size_t)snprintf(d + dl, dsz - dl, "}");
	}
	*tpl = t;
	*data = d;
}

static void sections_nest_to_the_limit(void **state)
{
	char *t, *d;

	(void)state;
	nested_sections(MUSTACHE_MAX_SECTION_DEPTH, &t, &d);
	expect_render(t, d, NULL, "100");
	free(t);
	free(d);
}

static void sections_nested_past_the_limit_fail(void **state)
{
	char *t, *d;

	(void)state;
	nested_sections(MUSTACHE_MAX_SECTION_DEPTH + 1, &t, &d);
	expect_error(t, d, NULL, ERR_LIMIT, "line 1: sections nested deeper than 100");
	free(t);
	free(d);
}

static void deep_dotted_names_resolve(void **state)
{
	char tpl[400], data[600];
	size_t tl = 0, dl = 0;

	(void)state;
	tl += (size_t)snprintf(tpl + tl, sizeof(tpl) - tl, "{{");
	for (int i = 0; i < 50; i++) {
		tl += (size_t)snprintf(tpl + tl, sizeof(tpl) - tl, "k%d.", i);
		dl += (size_t)snprintf(data + dl, sizeof(data) - dl, "{\"k%d\": ", i);
	}
	snprintf(tpl + tl, sizeof(tpl) - tl, "v}}");
	dl += (size_t)snprintf(data + dl, sizeof(data) - dl, "{\"v\": \"đáy\"}");
	for (int i = 0; i < 50; i++)
		dl += (size_t)snprintf(data + dl, sizeof(data) - dl, "}");
	expect_render(tpl, data, NULL, "đáy");
}

/* {"c": {"c": ... {"c": false}}} with n truthy levels. The innermost key
 * must be present and falsy: an object without "c" would let the lookup
 * walk down the context stack to the parent's "c" and recurse for ever. */
static char *chain(size_t n)
{
	char *d = malloc(n * 7 + 16);
	size_t l = 0;

	assert_non_null(d);
	for (size_t i = 0; i < n; i++)
		l += (size_t)snprintf(d + l, 8, "{\"c\": ");
	l += (size_t)snprintf(d + l, 14, "{\"c\": false}");
	for (size_t i = 0; i < n; i++)
		d[l++] = '}';
	d[l] = '\0';
	return d;
}

static void partials_nest_to_the_depth_limit(void **state)
{
	/* n levels of data make n + 1 nested partials. */
	char *d = chain(MUSTACHE_MAX_PARTIAL_DEPTH - 1);
	char want[MUSTACHE_MAX_PARTIAL_DEPTH + 1];

	(void)state;
	memset(want, 'x', MUSTACHE_MAX_PARTIAL_DEPTH - 1);
	want[MUSTACHE_MAX_PARTIAL_DEPTH - 1] = '\0';
	expect_render("{{>node}}", d, "{\"node\": \"{{#c}}x{{>node}}{{/c}}\"}", want);
	free(d);
}

static void partials_nested_past_the_depth_limit_fail(void **state)
{
	char *d = chain(MUSTACHE_MAX_PARTIAL_DEPTH);

	(void)state;
	expect_error("{{>node}}", d, "{\"node\": \"{{#c}}x{{>node}}{{/c}}\"}", ERR_LIMIT,
		     "partials nested deeper than 64 (at partial 'node')");
	free(d);
}

static void endless_partial_recursion_fails(void **state)
{
	(void)state;
	expect_error("{{>self}}", "{}", "{\"self\": \"a{{>self}}\"}", ERR_LIMIT,
		     "partials nested deeper than 64");
	/* Growing indentation makes each level a new (name, indent) pair. */
	expect_error("{{>self}}", "{}", "{\"self\": \"a\\n {{>self}}\\n\"}", ERR_LIMIT,
		     "partials nested deeper than 64");
}

static void context_stack_is_bounded(void **state)
{
	char p[300];
	size_t l = 0;

	(void)state;
	l += (size_t)snprintf(p + l, sizeof(p) - l, "{\"p\": \"");
	for (int i = 0; i < 10; i++)
		l += (size_t)snprintf(p + l, sizeof(p) - l, "{{#x}}");
	l += (size_t)snprintf(p + l, sizeof(p) - l, "{{>p}}");
	for (int i = 0; i < 10; i++)
		l += (size_t)snprintf(p + l, sizeof(p) - l, "{{/x}}");
	snprintf(p + l, sizeof(p) - l, "\"}");
	expect_error("{{>p}}", "{\"x\": true}", p, ERR_LIMIT, "context stack deeper than 512");
}

static void nested_loops_are_bounded_even_without_output(void **state)
{
	json_t *list = json_array(), *ctx = json_object();
	struct mustache_buf out;
	struct errbuf eb;
	const char *tpl = "{{#l}}{{#l}}{{#l}}{{/l}}{{/l}}{{/l}}";

	(void)state;
	for (int i = 0; i < 300; i++)
		json_array_append_new(list, json_integer(i));
	json_object_set_new(ctx, "l", list);
	mustache_buf_init(&out, 1000);
	assert_int_equal(mustache_render(tpl, strlen(tpl), ctx, NULL, NULL, &out, &eb), ERR_LIMIT);
	assert_non_null(strstr(eb.msg, "steps"));
	assert_int_equal(out.len, 0);
	mustache_buf_release(&out);
	json_decref(ctx);
}

static void output_may_fill_the_cap_exactly(void **state)
{
	struct mustache_buf out;
	struct errbuf eb;

	(void)state;
	assert_int_equal(render("01234{{x}}", "{\"x\": \"5678&\"}", NULL, 14, &out, &eb), ERR_OK);
	assert_string_equal(out.p, "012345678&amp;");
	mustache_buf_release(&out);
}

static void output_over_the_cap_fails(void **state)
{
	struct mustache_buf out;
	struct errbuf eb;

	(void)state;
	/* The escaped form counts: 5 + 4 + 5 bytes > 13. */
	assert_int_equal(render("01234{{x}}", "{\"x\": \"5678&\"}", NULL, 13, &out, &eb),
			 ERR_LIMIT);
	assert_string_equal(eb.msg, "output larger than 13 bytes");
	assert_true(out.len <= 13);
	mustache_buf_release(&out);

	assert_int_equal(render("{{#l}}<li>{{.}}</li>{{/l}}", "{\"l\": [1,2,3,4,5,6,7,8,9,10]}",
				NULL, 40, &out, &eb),
			 ERR_LIMIT);
	assert_string_equal(out.p, "<li>1</li><li>2</li><li>3</li><li>4</li>");
	mustache_buf_release(&out);
}

static void buffer_add_reports_the_cap(void **state)
{
	struct mustache_buf b;

	(void)state;
	mustache_buf_init(&b, 4);
	assert_int_equal(mustache_buf_add(&b, "ab", 2), 0);
	assert_int_equal(mustache_buf_add(&b, "cde", 3), -1);
	assert_int_equal(b.len, 2);
	assert_int_equal(mustache_buf_add(&b, "cd", 2), 0);
	assert_string_equal(b.p, "abcd");
	mustache_buf_release(&b);
	assert_null(b.p);
}

/* ---- malformed templates ---- */

static void unclosed_section_names_its_line(void **state)
{
	(void)state;
	expect_error("a\nb\n  {{#x}}\nc\n", "{}", NULL, ERR_INVALID,
		     "line 3: section 'x' is never closed");
	expect_error("{{#a}}\n{{^b}}\n{{/b}}\n", "{}", NULL, ERR_INVALID,
		     "line 1: section 'a' is never closed");
}

static void mismatched_end_tag_names_both_lines(void **state)
{
	(void)state;
	expect_error("{{#a}}\n\n{{/b}}", "{}", NULL, ERR_INVALID,
		     "line 3: end tag 'b' does not match section 'a' opened on line 1");
}

static void end_tag_without_section_fails(void **state)
{
	(void)state;
	expect_error("x\n{{/a}}", "{}", NULL, ERR_INVALID,
		     "line 2: end tag 'a' closes no open section");
}

static void unclosed_tags_fail(void **state)
{
	(void)state;
	expect_error("ok\n\n{{name", "{}", NULL, ERR_INVALID, "line 3: tag '{{' is never closed");
	expect_error("{{{name}}", "{}", NULL, ERR_INVALID, "line 1: tag '{{' is never closed");
	expect_error("{{!never ends", "{}", NULL, ERR_INVALID, "line 1: tag '{{' is never closed");
	expect_error("{{=<% %>=}}\n<%x", "{}", NULL, ERR_INVALID,
		     "line 2: tag '<%' is never closed");
}

static void bad_delimiters_and_empty_names_fail(void **state)
{
	(void)state;
	expect_error("{{=<% =}}", "{}", NULL, ERR_INVALID, "line 1: bad set-delimiter tag");
	expect_error("{{= =}}", "{}", NULL, ERR_INVALID, "line 1: bad set-delimiter tag");
	expect_error("{{=a b c=}}", "{}", NULL, ERR_INVALID, "line 1: bad set-delimiter tag");
	expect_error("{{=a= b=}}", "{}", NULL, ERR_INVALID, "line 1: bad set-delimiter tag");
	expect_error("x{{}}", "{}", NULL, ERR_INVALID, "line 1: tag without a name");
	expect_error("\n{{# }}{{/ }}", "{}", NULL, ERR_INVALID, "line 2: tag without a name");
	expect_error("{{=<% %>=}}\n<%#a%>", "{}", NULL, ERR_INVALID,
		     "line 2: section 'a' is never closed");
}

static void malformed_partial_names_the_partial(void **state)
{
	(void)state;
	expect_error("ok {{>p}}", "{}", "{\"p\": \"x\\n{{#s}}\"}", ERR_INVALID,
		     "partial 'p': line 2: section 's' is never closed");
}

static void random_templates_never_crash(void **state)
{
	static const char alphabet[] = "{{}}#^/!>&=. \nab\r{}";
	char tpl[64];
	uint32_t seed = 12345;
	json_t *ctx = parse_json("{\"a\": [1, {\"b\": \"<\"}], \"b\": true}");
	json_t *parts = parse_json("{\"a\": \"{{#a}}{{>a}}{{/a}}\", \"b\": \"{{b\"}");

	(void)state;
	for (int round = 0; round < 20000; round++) {
		struct mustache_buf out;
		struct errbuf eb;
		size_t n;
		enum err e;

		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % sizeof(tpl);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			tpl[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		mustache_buf_init(&out, 4096);
		e = mustache_render(tpl, n, ctx, load_json, parts, &out, &eb);
		if (e != ERR_OK && e != ERR_INVALID && e != ERR_LIMIT)
			fail_msg("template %.*s: unexpected error %d", (int)n, tpl, e);
		if (e == ERR_OK)
			assert_int_equal(strlen(out.p), out.len);
		mustache_buf_release(&out);
	}
	json_decref(ctx);
	json_decref(parts);
}

/* ---- the string helper ---- */

static void render_str_returns_an_owned_string(void **state)
{
	json_t *ctx = parse_json("{\"n\": \"Hà Nội\"}");
	struct errbuf eb;
	char *s = (char *)1;

	(void)state;
	assert_int_equal(mustache_render_str("<b>{{n}}</b>", ctx, NULL, NULL, &s, &eb), ERR_OK);
	assert_string_equal(s, "<b>Hà Nội</b>");
	free(s);
	assert_int_equal(mustache_render_str("", ctx, NULL, NULL, &s, &eb), ERR_OK);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	assert_int_equal(mustache_render_str("{{#n}}", ctx, NULL, NULL, &s, &eb), ERR_INVALID);
	assert_null(s);
	assert_string_equal(eb.msg, "line 1: section 'n' is never closed");
	json_decref(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(spec_comments),
	    cmocka_unit_test(spec_delimiters),
	    cmocka_unit_test(spec_interpolation),
	    cmocka_unit_test(spec_inverted),
	    cmocka_unit_test(spec_partials),
	    cmocka_unit_test(spec_sections),
	    cmocka_unit_test(vietnamese_text_keeps_diacritics_and_escapes_only_markup),
	    cmocka_unit_test(vietnamese_template_text_and_names_pass_through),
	    cmocka_unit_test(only_five_characters_are_escaped),
	    cmocka_unit_test(set_delimiters_apply_to_triple_and_ampersand_tags),
	    cmocka_unit_test(numbers_print_like_javascript),
	    cmocka_unit_test(booleans_print_as_words_and_containers_print_nothing),
	    cmocka_unit_test(empty_string_and_zero_are_falsy_empty_object_is_truthy),
	    cmocka_unit_test(truthy_scalar_section_becomes_the_context_top),
	    cmocka_unit_test(null_key_stops_the_context_walk),
	    cmocka_unit_test(null_root_context_renders_text),
	    cmocka_unit_test(standalone_partial_indents_only_non_empty_lines),
	    cmocka_unit_test(partial_sees_the_context_stack_of_its_tag),
	    cmocka_unit_test(each_partial_is_loaded_once_per_indentation),
	    cmocka_unit_test(template_bytes_after_nul_are_rendered),
	    cmocka_unit_test(sections_nest_to_the_limit),
	    cmocka_unit_test(sections_nested_past_the_limit_fail),
	    cmocka_unit_test(deep_dotted_names_resolve),
	    cmocka_unit_test(partials_nest_to_the_depth_limit),
	    cmocka_unit_test(partials_nested_past_the_depth_limit_fail),
	    cmocka_unit_test(endless_partial_recursion_fails),
	    cmocka_unit_test(context_stack_is_bounded),
	    cmocka_unit_test(nested_loops_are_bounded_even_without_output),
	    cmocka_unit_test(output_may_fill_the_cap_exactly),
	    cmocka_unit_test(output_over_the_cap_fails),
	    cmocka_unit_test(buffer_add_reports_the_cap),
	    cmocka_unit_test(unclosed_section_names_its_line),
	    cmocka_unit_test(mismatched_end_tag_names_both_lines),
	    cmocka_unit_test(end_tag_without_section_fails),
	    cmocka_unit_test(unclosed_tags_fail),
	    cmocka_unit_test(bad_delimiters_and_empty_names_fail),
	    cmocka_unit_test(malformed_partial_names_the_partial),
	    cmocka_unit_test(random_templates_never_crash),
	    cmocka_unit_test(render_str_returns_an_owned_string),
	};

	return cmocka_run_group_tests_name("web/mustache", tests, NULL, NULL);
}
