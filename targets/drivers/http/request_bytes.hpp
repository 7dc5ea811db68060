#pragma once
// Serializes an HTTP step into the exact bytes sent on the wire, once.
#include <string>

#include "targets/drivers/http/base_url.hpp"
#include "targets/drivers/http/http_step.hpp"

namespace throng::targets::http {

// Adds Host, User-Agent and Accept unless the step sets them, and
// Content-Length when there is a body (or the method usually carries one).
std::string serialize_request(const HttpStepSpec& step, const BaseUrl& base);

}  // namespace throng::targets::http
