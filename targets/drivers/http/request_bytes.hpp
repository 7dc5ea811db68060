#pragma once
// Serializes an HTTP step into the exact bytes sent on the wire: once for a
// constant step, per request for one with placeholders.
#include <string>

#include "harness/core/template.hpp"
#include "targets/drivers/http/base_url.hpp"
#include "targets/drivers/http/http_step.hpp"

namespace throng::targets::http {

// Adds Host, User-Agent and Accept unless the step sets them, and
// Content-Length when there is a body (or the method usually carries one).
// `out` is replaced (its capacity kept); `body` is scratch space.
void render_request(const HttpStepSpec& step, const BaseUrl& base, const core::TemplateScope& scope, std::string& out,
                    std::string& body);
std::string serialize_request(const HttpStepSpec& step, const BaseUrl& base, const core::TemplateScope& scope = {});

}  // namespace throng::targets::http
