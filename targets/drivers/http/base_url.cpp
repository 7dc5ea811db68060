#include "targets/drivers/http/base_url.hpp"

#include <arpa/inet.h>

#include <cctype>
#include <charconv>

#include "harness/core/url.hpp"
#include "targets/drivers/http/basic_auth.hpp"

namespace throng::targets::http {

std::string BaseUrl::host_header() const {
    std::string h;
    append_host_header(h);
    return h;
}

void BaseUrl::append_host_header(std::string& out) const {
    const bool ipv6 = host.find(':') != std::string::npos;
    if (ipv6) out += '[';
    out += host;
    if (ipv6) out += ']';
    if (port == (tls ? 443 : 80)) return;
    char digits[8];
    const auto end = std::to_chars(digits, digits + sizeof digits, port).ptr;
    out += ':';
    out.append(digits, end);
}

std::optional<BaseUrl> parse_base_url(std::string_view url, std::string* error) {
    auto fail = [&](std::string why) -> std::optional<BaseUrl> {
        if (error) *error = std::move(why);
        return std::nullopt;
    };
    const bool tls = url.starts_with("https://");
    if (!tls && !url.starts_with("http://")) return fail("the URL must start with http:// or https://");
    std::string why;
    auto parsed = core::parse_url(url, &why);
    if (!parsed) return fail(std::move(why));
    if (parsed->has_query || parsed->has_fragment) return fail("the base URL must not have a query or fragment");
    BaseUrl out;
    out.tls = tls;
    out.port = tls ? 443 : 80;
    if (parsed->has_userinfo) out.authorization = basic_credentials(parsed->user, parsed->password);
    out.host = std::move(parsed->host);
    // Names are case-insensitive: one spelling, so that origins and cookie
    // domains compare as strings.
    for (char& c : out.host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    in_addr ipv4{};
    out.host_is_address = parsed->ipv6 || ::inet_pton(AF_INET, out.host.c_str(), &ipv4) == 1;
    if (parsed->has_port) out.port = parsed->port;
    std::string_view path = parsed->path;
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    out.path_prefix = std::string(path);
    return out;
}

}  // namespace throng::targets::http
