#pragma once
// Following a redirect as browsers do: where a response's Location leads
// (resolved against the URL the response came from) and with which method.
#include <optional>
#include <string>
#include <string_view>

#include "targets/drivers/http/base_url.hpp"

namespace throng::targets::http {

// Statuses that ask to be redirected: 301, 302, 303, 307 and 308 (not 300,
// which offers choices, nor 304, which is a cache's answer).
bool is_redirect(int status);

struct Redirect {
    BaseUrl base;        // the next request's scheme, host and port (no prefix, no credentials)
    std::string target;  // its "/path?query" (the fragment is not sent)
    std::string method;
    bool keep_body = false;  // 307 and 308 send the same body again
};

// The next request of a `status` response to `method` at `from` (an
// absolute URL) that said `Location: location`; nullopt and why when the
// Location is not a URL or leads to another scheme than http(s). 303 turns
// any method but HEAD into GET; 301 and 302 turn POST into GET, as browsers
// do; 307 and 308 keep method and body.
std::optional<Redirect> follow_location(std::string_view from, std::string_view location, int status,
                                        std::string_view method, std::string* why);

// "scheme://host[:port]/target": the URL a request went to.
std::string absolute_url(const BaseUrl& base, std::string_view target);

// Whether both are the same origin (scheme, host and port).
bool same_origin(const BaseUrl& a, const BaseUrl& b);

}  // namespace throng::targets::http
