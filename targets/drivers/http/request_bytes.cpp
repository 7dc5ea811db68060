#include "targets/drivers/http/request_bytes.hpp"

#include <algorithm>
#include <cctype>

namespace throng::targets::http {

namespace {
bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}
}  // namespace

std::string serialize_request(const HttpStepSpec& step, const BaseUrl& base) {
    auto has = [&](std::string_view name) {
        return std::any_of(step.headers.begin(), step.headers.end(),
                           [&](const auto& h) { return same_name(h.first, name); });
    };
    std::string out;
    out.reserve(128 + step.body.size());
    out += step.method;
    out += ' ';
    out += base.path_prefix;
    out += step.path;
    out += " HTTP/1.1\r\n";
    if (!has("Host")) out += "Host: " + base.host_header() + "\r\n";
    if (!has("User-Agent")) out += "User-Agent: throng/0.1\r\n";
    if (!has("Accept")) out += "Accept: */*\r\n";
    for (const auto& [name, value] : step.headers) out += name + ": " + value + "\r\n";
    const bool carries_body = !step.body.empty() || step.method == "POST" || step.method == "PUT" || step.method == "PATCH";
    if (carries_body) out += "Content-Length: " + std::to_string(step.body.size()) + "\r\n";
    out += "\r\n";
    out += step.body;
    return out;
}

}  // namespace throng::targets::http
