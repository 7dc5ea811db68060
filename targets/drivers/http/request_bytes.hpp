#pragma once
// Serializes an HTTP step into the exact bytes sent on the wire: once for a
// constant step, per request for one with placeholders.
#include <string>

#include "harness/core/template.hpp"
#include "targets/drivers/http/base_url.hpp"
#include "targets/drivers/http/http_step.hpp"
#include "targets/drivers/http/redirect.hpp"

namespace throng::targets::http {

// Adds Host, User-Agent and Accept unless the step sets them, and
// Content-Length when there is a body (or the method usually carries one).
// `out` is replaced (its capacity kept); `body` is scratch space.
void render_request(const HttpStepSpec& step, const BaseUrl& base, const core::TemplateScope& scope, std::string& out,
                    std::string& body);
std::string serialize_request(const HttpStepSpec& step, const BaseUrl& base, const core::TemplateScope& scope = {});

// What follows works on requests serialized as above.

// The request target ("/path?query") of a request.
std::string_view request_target_of(std::string_view request);
// Whether the request has a header of that name (case-insensitive).
bool request_has_header(std::string_view request, std::string_view name);
// `request` with "Cookie: `cookies`" after its request line, into `out`.
void add_cookie_header(std::string_view request, std::string_view cookies, std::string& out);
// `request` made a redirect's next request, into `out`: `next`'s method and
// target; its body only when `next.keep_body`, else no body and no Content-*
// headers; credentials (Authorization, Cookie) and the Host the step set
// only to the same origin (`same_origin`); the Host of `next` otherwise.
// The step's other headers go along unchanged, as rendered the first time.
void rewrite_for_redirect(std::string_view request, const Redirect& next, bool same_origin, std::string& out);

}  // namespace throng::targets::http
