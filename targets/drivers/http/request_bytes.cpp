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

}  // namespace throng::targets::http
