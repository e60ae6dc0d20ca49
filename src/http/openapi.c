/*
 * openapi.c - GET /api/v1/openapi.json, generated from the route table so
 * it can never list a route the server lacks or miss one it has. Each
 * operation names its permission (x-motcua-permission), its path
 * parameters, and the shared error response of API.md.
 */
#include <ctype.h>
#include <string.h>

#include "http/http_int.h"
#include "http/router.h"

static json_t *error_schema(void)
{
	return json_pack("{s:s,s:[s],s:{s:{s:s,s:[s,s],s:{s:{s:s},s:{s:s},s:{s:s}}}}}", "type", "object",
			 "required", "error", "properties", "error", "type", "object", "required",
			 "code", "message", "properties", "code", "type", "string", "message", "type",
			 "string", "field", "type", "string");
}

void http_openapi_handler(struct api_req *r)
{
	json_t *paths = json_object();
	for (size_t i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];
		json_t *item = json_object_get(paths, rt->pattern);
		if (!item) {
			item = json_object();
			json_object_set_new(paths, rt->pattern, item);
		}
		char method[16];
		size_t k;
		for (k = 0; k < sizeof(method) - 1 && rt->method[k]; k++)
			method[k] = (char)tolower((unsigned char)rt->method[k]);
		method[k] = '\0';
		json_t *params = json_array();
		for (const char *p = strchr(rt->pattern, '{'); p; p = strchr(p + 1, '{')) {
			const char *e = strchr(p, '}');
			if (!e)
				break;
			json_array_append_new(params, json_pack("{s:s%,s:s,s:b,s:{s:s}}", "name", p + 1,
								(size_t)(e - p - 1), "in", "path",
								"required", 1, "schema", "type", "string"));
		}
		json_t *responses = json_pack("{s:{s:s},s:{s:s,s:{s:{s:{s:s}}}}}", "200", "description",
					      "success", "4XX", "description", "error (API.md conventions)",
					      "content", "application/json", "schema", "$ref",
					      "#/components/schemas/Error");
		json_t *op = json_pack("{s:s,s:s,s:o,s:o,s:s}", "operationId", rt->handler_name, "summary",
				       rt->summary, "parameters", params, "responses", responses,
				       "x-motcua-permission", perm_name(rt->perm));
		if (rt->perm != PERM_PUBLIC)
			json_object_set_new(op, "security", json_pack("[{s:[]}]", "bearer"));
		if (rt->flags & RF_BODY)
			json_object_set_new(op, "requestBody",
					    json_pack("{s:b,s:{s:{s:{s:s}}}}", "required", 1, "content",
						      "application/json", "schema", "type", "object"));
		json_object_set_new(item, method, op);
	}
	json_t *doc = json_pack(
		"{s:s,s:{s:s,s:s,s:s},s:o,s:{s:{s:o},s:{s:{s:s,s:s}}}}", "openapi", "3.1.0", "info",
		"title", "motcua API", "version", r->ctx->version, "description",
		"One-stop administrative procedure system (Hệ thống thông tin giải quyết thủ tục hành chính)",
		"paths", paths, "components", "schemas", "Error", error_schema(), "securitySchemes",
		"bearer", "type", "http", "scheme", "bearer");
	api_reply_json(r, 200, doc);
}
