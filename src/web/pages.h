/*
 * pages.h - the HTML face: each page handler builds the same JSON model
 * the API returns for its resource (plus display strings and the message
 * catalogue under "t"), and renders it with a Mustache template from
 * web/templates/ into web/templates/layout.mustache. Pages work without
 * JavaScript. Templates and static files are embedded in the binary, or
 * read from conf.web_root when that is set (development).
 */
#ifndef MOTCUA_WEB_PAGES_H
#define MOTCUA_WEB_PAGES_H

#include "api/api.h"

void page_home(struct api_req *r);
void page_procedure(struct api_req *r);
void page_agencies(struct api_req *r);
void page_static(struct api_req *r);
void page_login(struct api_req *r);
void page_login_post(struct api_req *r);
void page_logout(struct api_req *r);

#endif
