#pragma once
// The "http" part of a scenario step: which request to send. Only the reading
// of the scenario lives here; the driver that sends the request is elsewhere.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/core/step_spec.hpp"

namespace boost::asio::ssl {
class context;
}

namespace throng::targets::http {

struct HttpStepSpec final : core::StepSpec {
    std::string method = "GET";  // an HTTP token, uppercased
    core::Template path;         // starts with '/', may carry a query
    // In source order. Never Content-Length or Transfer-Encoding: the driver
    // frames the body itself.
    std::vector<std::pair<std::string, core::Template>> headers;
    core::Template body;
    // Instead of `body`: application/x-www-form-urlencoded fields in source
    // order, each name encoded once, each value encoded as rendered.
    std::vector<std::pair<std::string, core::Template>> form;
    // Basic authentication for this step: user and password, rendered per
    // request; instead of the target URL's (no Authorization header then).
    struct Credentials {
        core::Template user, password;
    };
    std::optional<Credentials> basic_auth;
    // Cookies put in the VU's jar before the request (host-only on the
    // target's host, path "/"), values rendered per request.
    std::vector<std::pair<std::string, core::Template>> cookies;
    std::optional<int> redirects;  // the step's own limit, instead of the target's
    std::string target;            // the named target, or empty: the scenario's only HTTP one

    // Whether any part varies per request (then it is rendered per request,
    // otherwise serialized once).
    bool is_constant() const;
    std::string_view protocol() const override { return "http"; }
    std::string describe() const override { return method + " " + path.source(); }
    std::string_view target_name() const override { return target; }
};

// A target's HTTP options.
struct HttpTargetOptions final : core::TargetOptions {
    // The largest response header block (status line, fields, blank line)
    // accepted; a larger one is a protocol error, every time.
    std::uint64_t max_response_headers = std::uint64_t{64} * 1024;
    // An https target's `tls` settings as the context its connections share;
    // nullptr: the driver's default (verified against the system's CAs).
    std::shared_ptr<boost::asio::ssl::context> tls_context;
    bool insecure = false;     // certificates are not verified
    bool compression = false;  // ask for compressed responses (Accept-Encoding: gzip, deflate, br)
    // A VU's cookie jar: emptied when a new iteration begins (as k6's), kept
    // for the VU's life, or not used for this target.
    enum class Cookies { iteration, vu, off };
    Cookies cookies = Cookies::iteration;
    int redirects = default_redirects;  // followed at most; 0: not followed
    // HTTP/2: with prior knowledge (h2c) for http://, offered by ALPN for
    // https:// (a server that picks HTTP/1.1 gets HTTP/1.1).
    bool http2 = false;
    // HTTP/2: the VUs of each worker thread share this many connections,
    // their requests multiplexed as streams on them in turn; 0: a
    // connection per VU.
    int pool = 0;
    static constexpr int max_pool = 10000;
    static constexpr int default_redirects = 10;
    static constexpr int max_redirects = 100;
    std::vector<std::string> warnings() const override;
};

// {"method": "POST", "path": "/items/${id}", "headers": {...}, "body": ...},
// or "form": {"user": "vu${vu}"} for a form post, and "basic_auth": {"user":
// ..., "password": ...}. Path, header values, body, form values and
// credentials may hold ${...} placeholders. "target": "api" names the target
// when the scenario has several HTTP ones. "cookies": {"NAME": "value"} puts
// cookies in the VU's jar; "redirects": N overrides the target's limit.
class HttpStepParser final : public core::StepParser {
public:
    std::string_view key() const override { return "http"; }
    std::vector<std::string_view> url_forms() const override { return {"http://", "https://", "embedded:demo"}; }
    std::shared_ptr<const core::StepSpec> parse(const core::json::Value& node,
                                                core::StepParseContext& context) const override;
    // max_response_headers (at most 64 MiB), compression, cookies, redirects
    // and, for https, tls (tls_options.hpp)
    std::shared_ptr<const core::TargetOptions> parse_target_options(
        core::ObjectReader& reader, const std::filesystem::path& base_dir) const override;
    // url (the final URL, after redirects) and redirects (how many were followed)
    std::vector<core::ReplyFacet> reply_facets() const override;
    // cookies.NAME: the value of the VU's cookie NAME
    std::vector<std::string_view> variable_namespaces() const override { return {"cookies"}; }
};

// RFC 9110 token: what methods and header names are made of.
bool is_http_token(std::string_view text);

}  // namespace throng::targets::http
