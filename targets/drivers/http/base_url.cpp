#include "targets/drivers/http/base_url.hpp"

#include <charconv>

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
    if (port == 80) return;
    char digits[8];
    const auto end = std::to_chars(digits, digits + sizeof digits, port).ptr;
    out += ':';
    out.append(digits, end);
}

std::optional<BaseUrl> parse_base_url(std::string_view url, std::string* error) {
    auto fail = [&](const char* why) -> std::optional<BaseUrl> {
        if (error) *error = why;
        return std::nullopt;
    };
    constexpr std::string_view scheme = "http://";
    if (url.substr(0, scheme.size()) != scheme) return fail("the URL must start with http:// (https is not supported yet)");
    url.remove_prefix(scheme.size());
    const auto slash = url.find('/');
    std::string_view authority = url.substr(0, slash);
    std::string_view path = slash == std::string_view::npos ? std::string_view{} : url.substr(slash);
    if (path.find_first_of("?#") != std::string_view::npos) return fail("the base URL must not have a query or fragment");
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);

    BaseUrl out;
    std::string_view port_text;
    if (!authority.empty() && authority.front() == '[') {  // [::1]:8080
        const auto close = authority.find(']');
        if (close == std::string_view::npos) return fail("unclosed '[' in the host");
        out.host = std::string(authority.substr(1, close - 1));
        const auto rest = authority.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') return fail("expected ':' and a port after the IPv6 address");
            port_text = rest.substr(1);
        }
    } else {
        const auto colon = authority.rfind(':');
        out.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
    }
    if (out.host.empty()) return fail("the URL has no host");
    if (!port_text.empty() || authority.back() == ':') {
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
        if (ec != std::errc{} || end != port_text.data() + port_text.size() || value == 0 || value > 65535)
            return fail("the port must be a number from 1 to 65535");
        out.port = static_cast<std::uint16_t>(value);
    }
    out.path_prefix = std::string(path);
    return out;
}

}  // namespace throng::targets::http
