#include "targets/drivers/http/request_bytes.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "targets/drivers/http/basic_auth.hpp"
#include "targets/drivers/http/form_encoding.hpp"

namespace throng::targets::http {

namespace {
bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// A rendered value must not break the message's framing.
void strip_line_breaks(std::string& out, std::size_t from) {
    std::replace_if(
        out.begin() + static_cast<std::ptrdiff_t>(from), out.end(),
        [](char c) { return c == '\r' || c == '\n' || c == '\0'; }, ' ');
}
// A placeholder may have rendered spaces or control characters: they would
// end the request line, so they are sent percent-encoded.
void percent_encode_controls(std::string& out, std::size_t from) {
    const auto needs = [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F; };
    if (std::none_of(out.begin() + static_cast<std::ptrdiff_t>(from), out.end(), needs)) return;
    const std::string tail = out.substr(from);
    out.resize(from);
    static constexpr char hex[] = "0123456789ABCDEF";
    for (const char c : tail) {
        if (!needs(c)) {
            out += c;
            continue;
        }
        const auto byte = static_cast<unsigned char>(c);
        out += '%';
        out += hex[byte >> 4];
        out += hex[byte & 0xF];
    }
}
}  // namespace

void render_request(const HttpStepSpec& step, const BaseUrl& base, const core::TemplateScope& scope, std::string& out,
                    std::string& body) {
    auto has = [&](std::string_view name) {
        return std::any_of(step.headers.begin(), step.headers.end(),
                           [&](const auto& h) { return same_name(h.first, name); });
    };
    body.clear();
    if (step.form.empty()) {
        step.body.render(scope, body);
    } else {
        for (const auto& [name, value] : step.form) {
            if (&value != &step.form.front().second) body += '&';
            body += name;
            body += '=';
            const std::size_t value_start = body.size();
            value.render(scope, body);
            form_encode_tail(body, value_start);
        }
    }
    out.clear();
    out += step.method;
    out += ' ';
    out += base.path_prefix;
    const std::size_t path_start = out.size();
    step.path.render(scope, out);
    percent_encode_controls(out, path_start);
    out += " HTTP/1.1\r\n";
    if (!has("Host")) {
        out += "Host: ";
        base.append_host_header(out);
        out += "\r\n";
    }
    if (!has("User-Agent")) out += "User-Agent: throng/0.1\r\n";
    if (!has("Accept")) out += "Accept: */*\r\n";
    if (!base.accept_encoding.empty() && !has("Accept-Encoding")) {
        out += "Accept-Encoding: ";
        out += base.accept_encoding;
        out += "\r\n";
    }
    for (const auto& [name, value] : step.headers) {
        out += name;
        out += ": ";
        const std::size_t value_start = out.size();
        value.render(scope, out);
        strip_line_breaks(out, value_start);
        out += "\r\n";
    }
    if (step.basic_auth) {
        const std::size_t plain_start = out.size();
        step.basic_auth->user.render(scope, out);
        out += ':';
        step.basic_auth->password.render(scope, out);
        const std::string plain = out.substr(plain_start);
        out.resize(plain_start);
        out += "Authorization: Basic ";
        append_base64(out, plain);
        out += "\r\n";
    } else if (!base.authorization.empty() && !has("Authorization")) {
        out += "Authorization: ";
        out += base.authorization;
        out += "\r\n";
    }
    const bool carries_body = !body.empty() || step.method == "POST" || step.method == "PUT" || step.method == "PATCH";
    if (carries_body) {
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, body.size()).ptr;
        out += "Content-Length: ";
        out.append(digits, end);
        out += "\r\n";
    }
    out += "\r\n";
    out += body;
}

std::string serialize_request(const HttpStepSpec& step, const BaseUrl& base, const core::TemplateScope& scope) {
    std::string out, body;
    render_request(step, base, scope, out, body);
    return out;
}

std::string_view request_target_of(std::string_view request) {
    const auto first = request.find(' ');
    if (first == std::string_view::npos) return {};
    const auto second = request.find(' ', first + 1);
    if (second == std::string_view::npos) return {};
    return request.substr(first + 1, second - first - 1);
}

namespace {
// Calls `line(name, whole_line)` for each header line of the request
// (each ends in CRLF); returns where the blank line ending them starts.
template <class OnLine>
std::size_t for_each_header(std::string_view request, OnLine line) {
    std::size_t at = request.find("\r\n");
    if (at == std::string_view::npos) return request.size();
    at += 2;
    while (at < request.size()) {
        const auto end = request.find("\r\n", at);
        if (end == std::string_view::npos || end == at) return at;
        const std::string_view whole = request.substr(at, end + 2 - at);
        line(whole.substr(0, whole.find(':')), whole);
        at = end + 2;
    }
    return at;
}
}  // namespace

bool request_has_header(std::string_view request, std::string_view name) {
    bool found = false;
    for_each_header(request,
                    [&](std::string_view header, std::string_view) { found = found || same_name(header, name); });
    return found;
}

void add_cookie_header(std::string_view request, std::string_view cookies, std::string& out) {
    const auto line_end = request.find("\r\n");
    const std::size_t split = line_end == std::string_view::npos ? request.size() : line_end + 2;
    out.clear();
    out.reserve(request.size() + cookies.size() + 10);
    out.append(request.substr(0, split));
    out += "Cookie: ";
    out += cookies;
    out += "\r\n";
    out.append(request.substr(split));
}

void rewrite_for_redirect(std::string_view request, const Redirect& next, bool same_origin, std::string& out) {
    out.clear();
    out += next.method;
    out += ' ';
    out += next.target;
    out += " HTTP/1.1\r\n";
    const std::size_t host_at = out.size();
    bool host_kept = false;
    const std::size_t blank = for_each_header(request, [&](std::string_view name, std::string_view line) {
        const bool credential = same_name(name, "Authorization") || same_name(name, "Cookie");
        const bool host = same_name(name, "Host");
        const bool content = name.size() >= 8 && same_name(name.substr(0, 8), "Content-");
        if ((credential || host) && !same_origin) return;
        if (content && !next.keep_body) return;
        host_kept = host_kept || host;
        out += line;
    });
    if (!host_kept) {
        std::string host_line = "Host: ";
        next.base.append_host_header(host_line);
        host_line += "\r\n";
        out.insert(host_at, host_line);
    }
    out += "\r\n";
    const std::size_t body_at = std::min(request.size(), blank + 2);
    if (next.keep_body) out.append(request.substr(body_at));
}

}  // namespace throng::targets::http
