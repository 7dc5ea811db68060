#include "harness/core/redact.hpp"

namespace throng::core {

namespace {

constexpr std::string_view mask = "***";

// "?a=1&password=x&b=2" -> "?a=1&password=***&b=2"
std::string redact_query(std::string_view query) {
    std::string out;
    std::size_t at = 0;
    while (at <= query.size()) {
        const auto end = std::min(query.find('&', at), query.size());
        const std::string_view pair = query.substr(at, end - at);
        if (at != 0) out += '&';
        if (pair.starts_with("password=")) {
            out += "password=";
            out += mask;
        } else {
            out += pair;
        }
        at = end + 1;
    }
    return out;
}

}  // namespace

std::string redact_password(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return std::string(url);
    const auto authority = scheme_end + 3;
    const auto path = std::min(url.find_first_of("/?", authority), url.size());
    std::string out(url.substr(0, authority));
    const std::string_view host_part = url.substr(authority, path - authority);
    const auto at = host_part.rfind('@');
    if (at != std::string_view::npos) {
        const std::string_view user_info = host_part.substr(0, at);
        const auto colon = user_info.find(':');
        out += colon == std::string_view::npos ? user_info : user_info.substr(0, colon + 1);
        if (colon != std::string_view::npos) out += mask;
        out += host_part.substr(at);
    } else {
        out += host_part;
    }
    const std::string_view rest = url.substr(path);
    const auto question = rest.find('?');
    if (question == std::string_view::npos) return out + std::string(rest);
    return out + std::string(rest.substr(0, question + 1)) + redact_query(rest.substr(question + 1));
}

}  // namespace throng::core
