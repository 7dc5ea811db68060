#include "harness/core/url.hpp"

#include <charconv>

#include <boost/url/parse.hpp>

#include "harness/core/ascii.hpp"

namespace throng::core {

namespace {

std::string_view authority_of(std::string_view text) {
    const auto start = text.find("://");
    if (start == std::string_view::npos) return {};
    const auto rest = text.substr(start + 3);
    return rest.substr(0, rest.find_first_of("/?#"));
}

std::string port_problem(std::string_view port) {
    return "the port must be a number from 1 to 65535, got \"" + std::string(port) + "\"";
}

// Boost.URL says only that the text is not a URL; the usual slips get a
// message that says which.
std::string why_not_a_url(std::string_view text, std::string_view boost_says) {
    const std::string_view authority = authority_of(text);
    if (text.find("://") == std::string_view::npos) return "the URL must start with a scheme and ://";
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '%' && (i + 2 >= text.size() || hex_value(text[i + 1]) < 0 || hex_value(text[i + 2]) < 0))
            return "a '%' must start a %XX escape";
    const auto at = authority.rfind('@');
    if (at != std::string_view::npos && authority.find('@') != at)
        return "an '@' in the user or password must be written %40";
    const std::string_view host_port = at == std::string_view::npos ? authority : authority.substr(at + 1);
    if (host_port.starts_with('[')) {
        const auto close = host_port.find(']');
        if (close == std::string_view::npos) return "unclosed '[' in the host";
        const auto rest = host_port.substr(close + 1);
        if (!rest.empty() && rest.front() != ':') return "expected ':' and a port after the IPv6 address";
        if (!rest.empty()) return port_problem(rest.substr(1));
        return "not an IPv6 address in '[...]'";
    }
    if (const auto colon = host_port.rfind(':'); colon != std::string_view::npos) {
        const auto port = host_port.substr(colon + 1);
        for (const char c : port)
            if (!is_digit(c)) return port_problem(port);
    }
    return "not a URL (" + std::string(boost_says) + ")";
}

}  // namespace

std::optional<Url> parse_url(std::string_view text, std::string* error) {
    auto fail = [&](std::string why) -> std::optional<Url> {
        if (error) *error = std::move(why);
        return std::nullopt;
    };
    const auto parsed = boost::urls::parse_uri(boost::urls::string_view(text.data(), text.size()));
    if (!parsed) return fail(why_not_a_url(text, parsed.error().message()));
    const boost::urls::url_view& url = *parsed;
    if (!url.has_authority()) return fail("the URL must start with a scheme and ://");
    // Boost 1.81 takes "host:80x" as port 80 and path "x"; RFC 3986 wants a
    // path after the authority to start with '/'.
    if (!url.encoded_path().empty() && url.encoded_path().front() != '/')
        return fail(why_not_a_url(text, "a path after the host must start with '/'"));

    Url out;
    out.scheme = std::string(url.scheme());
    out.authority = std::string(url.encoded_authority());
    out.has_userinfo = url.has_userinfo();
    out.user = url.user();
    out.has_password = url.has_password();
    out.password = url.password();
    out.host = url.host_address();
    out.ipv6 = url.host_type() == boost::urls::host_type::ipv6;
    if (url.host_type() == boost::urls::host_type::ipvfuture) return fail("IPvFuture addresses are not supported");
    if (out.host.empty()) return fail("the URL has no host");
    // A percent-escape may decode to anything: the host goes into a Host
    // header and into name resolution, so it must stay a plain name.
    for (const char c : out.host)
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f ||
            std::string_view("/?#@[]\\").find(c) != std::string_view::npos)
            return fail("the host has a character a host name cannot have (from a %XX escape?)");
    if (url.has_port()) {
        const std::string_view port(url.port().data(), url.port().size());
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535)
            return fail(port_problem(port));
        out.has_port = true;
        out.port = static_cast<std::uint16_t>(value);
    }
    out.path = std::string(url.encoded_path());
    out.has_query = url.has_query();
    out.query = std::string(url.encoded_query());
    out.has_fragment = url.has_fragment();
    return out;
}

}  // namespace throng::core
