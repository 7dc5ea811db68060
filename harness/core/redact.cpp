#include "harness/core/redact.hpp"

#include <algorithm>

namespace throng::core {

namespace {

constexpr std::string_view mask = "***";

}  // namespace

std::vector<SecretSpan> password_spans(std::string_view url) {
    std::vector<SecretSpan> spans;
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return spans;
    const std::size_t authority = scheme_end + 3;
    const std::size_t authority_end = std::min(url.find_first_of("/?", authority), url.size());
    const std::string_view hosts = url.substr(authority, authority_end - authority);
    // The last '@' ends the user info: a password may hold '@' unescaped.
    if (const auto at = hosts.rfind('@'); at != std::string_view::npos)
        if (const auto colon = hosts.find(':'); colon < at) spans.push_back({authority + colon + 1, authority + at});
    const auto query = url.find('?', authority);
    if (query == std::string_view::npos) return spans;
    for (std::size_t i = query + 1; i <= url.size();) {
        const std::size_t end = std::min(url.find('&', i), url.size());
        constexpr std::string_view key = "password=";
        if (url.substr(i, end - i).starts_with(key)) spans.push_back({i + key.size(), end});
        i = end + 1;
    }
    return spans;
}

std::string redact_password(std::string_view url) {
    std::string out;
    std::size_t copied = 0;
    for (const SecretSpan& span : password_spans(url)) {
        out.append(url.substr(copied, span.begin - copied));
        out.append(mask);
        copied = span.end;
    }
    out.append(url.substr(copied));
    return out;
}

std::string without_passwords(std::string message, std::string_view url) {
    for (const SecretSpan& span : password_spans(url)) {
        const std::string_view secret = url.substr(span.begin, span.end - span.begin);
        if (secret.empty()) continue;
        for (auto at = message.find(secret); at != std::string::npos; at = message.find(secret, at + mask.size()))
            message.replace(at, secret.size(), mask);
    }
    return message;
}

}  // namespace throng::core
