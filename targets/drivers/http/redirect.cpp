#include "targets/drivers/http/redirect.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

namespace throng::targets::http {

bool is_redirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

std::optional<Redirect> follow_location(std::string_view from, std::string_view location, int status,
                                        std::string_view method, std::string* why) {
    auto fail = [&](std::string reason) -> std::optional<Redirect> {
        if (why != nullptr) *why = std::move(reason);
        return std::nullopt;
    };
    const auto base = boost::urls::parse_uri(boost::urls::string_view(from.data(), from.size()));
    if (!base) return fail("the URL it came from does not parse");
    const auto reference = boost::urls::parse_uri_reference(boost::urls::string_view(location.data(), location.size()));
    if (!reference) return fail("its Location is not a URL");
    boost::urls::url next;
    if (!boost::urls::resolve(*base, *reference, next)) return fail("its Location does not resolve");
    const auto scheme = next.scheme();
    if (scheme != "http" && scheme != "https") return fail("its Location leads to another scheme than http(s)");
    if (!next.has_authority() || next.encoded_host().empty()) return fail("its Location has no host");
    // The origin through the same parser as a target's URL; userinfo in a
    // Location is not sent on.
    std::string origin(scheme);
    origin += "://";
    origin += next.encoded_host_and_port();
    std::string reason;
    auto parsed = parse_base_url(origin, &reason);
    if (!parsed) return fail("its Location's host: " + reason);
    Redirect out;
    out.base = std::move(*parsed);
    out.target = next.encoded_path().empty() ? std::string("/") : std::string(next.encoded_path());
    // Boost 1.81 reads "host:8443q" as port 8443 and path "q" (the fuzzer's
    // find): a request line needs a path that starts with '/'.
    if (!out.target.starts_with('/')) return fail("its Location's port is not a number");
    if (next.has_query()) {
        out.target += '?';
        out.target += next.encoded_query();
    }
    const bool to_get = (status == 303 && method != "HEAD") || ((status == 301 || status == 302) && method == "POST");
    out.method = to_get ? "GET" : std::string(method);
    out.keep_body = !to_get;
    return out;
}

std::string absolute_url(const BaseUrl& base, std::string_view target) {
    std::string out = base.tls ? "https://" : "http://";
    base.append_host_header(out);
    out += target;
    return out;
}

bool same_origin(const BaseUrl& a, const BaseUrl& b) { return a.tls == b.tls && a.port == b.port && a.host == b.host; }

}  // namespace throng::targets::http
