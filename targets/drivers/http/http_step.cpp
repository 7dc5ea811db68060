#include "targets/drivers/http/http_step.hpp"

#include <algorithm>
#include <cctype>

#include "harness/core/object_reader.hpp"
#include "targets/drivers/http/form_encoding.hpp"
#include "targets/drivers/http/step_files.hpp"
#include "targets/drivers/http/tls_options.hpp"

namespace throng::targets::http {

namespace {

using core::json::Value;

constexpr std::string_view what = "http step";

bool iequals(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

std::string uppercase(std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

bool has_control_or_space(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte <= 0x20 || byte == 0x7F;
    });
}

void read_method(core::ObjectReader& reader, HttpStepSpec& spec) {
    const auto method = reader.string("method");
    if (!method) return;
    if (!is_http_token(*method)) {
        reader.diagnostics().error(*reader.get("method"),
                                   "`method` in http step must be an HTTP method like GET or "
                                   "POST, got \"" +
                                       *method + "\"");
        return;
    }
    spec.method = uppercase(*method);
}

void read_path(core::ObjectReader& reader, core::StepParseContext& context, HttpStepSpec& spec) {
    const auto path = reader.string("path", true);
    if (!path) return;
    const Value& at = *reader.get("path");
    if (!path->starts_with('/')) {
        reader.diagnostics().error(at, "`path` in http step must start with '/', got \"" + *path + "\"");
    } else if (has_control_or_space(*path)) {
        reader.diagnostics().error(at,
                                   "`path` in http step must not contain spaces or control characters "
                                   "(percent-encode them, e.g. %20)");
    } else if (auto compiled = context.compile(at, *path)) {
        spec.path = std::move(*compiled);
    }
}

// Headers the driver must own because it frames the message itself.
bool is_framing_header(std::string_view name) {
    return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding");
}

void read_headers(core::ObjectReader& reader, core::StepParseContext& context, HttpStepSpec& spec) {
    const Value* headers = reader.get("headers");
    if (headers == nullptr) return;
    auto& diags = reader.diagnostics();
    if (!headers->is_object()) {
        diags.error(*headers, "`headers` in http step must be an object of header names to string values, got " +
                                  std::string(headers->kind_name()));
        return;
    }
    for (const auto& member : headers->members()) {
        const std::string& name = member.key;
        const Value& value = member.value;
        const std::string pointer = value.pointer();
        if (!is_http_token(name)) {
            diags.error(member.key_position, pointer, "header name `" + name + "` is not a valid HTTP token");
        } else if (is_framing_header(name)) {
            diags.error(member.key_position, pointer,
                        "header `" + name + "` cannot be set: throng frames the body itself");
        } else if (!value.is_string()) {
            diags.error(value, "header `" + name + "` must have a string value, got " + std::string(value.kind_name()));
        } else if (value.as_string().find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
            diags.error(value, "header `" + name + "` value must not contain line breaks or NUL");
        } else if (auto compiled = context.compile(value, value.as_string())) {
            spec.headers.emplace_back(name, std::move(*compiled));
        }
    }
}

bool has_header(const HttpStepSpec& spec, std::string_view name) {
    return std::any_of(spec.headers.begin(), spec.headers.end(),
                       [&](const auto& header) { return iequals(header.first, name); });
}

// After the headers, so that an explicit Content-Type wins over the JSON default.
// A JSON body's strings may hold placeholders too: the dumped text is the template.
void read_body(core::ObjectReader& reader, core::StepParseContext& context, HttpStepSpec& spec) {
    const Value* body = reader.get("body");
    if (body == nullptr) return;
    if (body->is_string()) {
        const std::string& text = body->as_string();
        // "@data/order.json": the file's bytes, as they are; "@@..." a body
        // that starts with '@'.
        if (text.starts_with('@') && !text.starts_with("@@")) {
            if (auto content = read_step_file(*body, std::string_view(text).substr(1), context, "`body` in http step"))
                spec.body = core::Template::parse(core::Template::escaped(*content), context.env());
            return;
        }
        const std::string_view written = text.starts_with("@@") ? std::string_view(text).substr(1) : text;
        if (auto compiled = context.compile(*body, written)) spec.body = std::move(*compiled);
    } else if (body->is_object() || body->is_array()) {
        // Values go inside the JSON's strings: escaped, so that the body stays JSON.
        if (auto compiled = context.compile(*body, body->dump(), core::Template::Escape::json_string))
            spec.body = std::move(*compiled);
        if (!has_header(spec, "Content-Type"))
            spec.headers.emplace_back("Content-Type", core::Template::parse("application/json", context.env()));
    } else {
        reader.diagnostics().error(*body,
                                   "`body` in http step must be a string, or an object or array to send as "
                                   "JSON, got " +
                                       std::string(body->kind_name()));
    }
}

// {"user": "vu${vu}", "remember": true}: a form's fields, sent
// urlencoded as the body (so not with `body`).
// {"user": "vu${vu}", "photo": {"file": "data/photo.jpg"}}: a
// multipart/form-data body (so not with `body` or `form`).
void read_multipart(core::ObjectReader& reader, core::StepParseContext& context, HttpStepSpec& spec) {
    const Value* node = reader.get("multipart");
    if (node == nullptr) return;
    auto& diags = reader.diagnostics();
    if (reader.get("body") != nullptr || reader.get("form") != nullptr) {
        diags.error(*node, "http step has `multipart` and `" +
                               std::string(reader.get("body") != nullptr ? "body" : "form") +
                               "`: the parts are the body, give one");
        return;
    }
    if (has_header(spec, "Content-Type")) {
        diags.error(*node,
                    "http step has `multipart` and a Content-Type header: multipart sets its own, with "
                    "the boundary between its parts");
        return;
    }
    auto body = http::read_multipart(*node, context);
    if (!body) return;
    if (auto compiled = context.compile(*node, body->template_text)) spec.body = std::move(*compiled);
    spec.headers.emplace_back(
        "Content-Type", core::Template::parse(
                            core::Template::escaped("multipart/form-data; boundary=" + body->boundary), context.env()));
}

void read_form(core::ObjectReader& reader, core::StepParseContext& context, HttpStepSpec& spec) {
    const Value* form = reader.get("form");
    if (form == nullptr) return;
    auto& diags = reader.diagnostics();
    if (reader.get("body") != nullptr) {
        diags.error(*form, "http step has both `form` and `body`: the form is the body, give one");
        return;
    }
    if (!form->is_object() || form->members().empty()) {
        diags.error(*form,
                    "`form` in http step must be a non-empty object of field names to values, like "
                    "{\"user\": \"vu${vu}\"}, got " +
                        (form->is_object() ? std::string("an empty object") : core::describe_value(*form)));
        return;
    }
    for (const auto& member : form->members()) {
        const Value& value = member.value;
        if (!value.is_string() && !value.is_number() && !value.is_bool()) {
            diags.error(value, "form field `" + member.key + "` must be a string, number or boolean, got " +
                                   std::string(value.kind_name()));
            continue;
        }
        auto compiled = context.compile(value, value.is_string() ? value.as_string() : value.dump());
        if (!compiled) continue;
        std::string name;
        append_form_encoded(name, member.key);
        spec.form.emplace_back(std::move(name), std::move(*compiled));
    }
    if (!has_header(spec, "Content-Type"))
        spec.headers.emplace_back("Content-Type",
                                  core::Template::parse("application/x-www-form-urlencoded", context.env()));
}

// {"user": "vu${vu}", "password": "${env.PASSWORD}"}: Basic authentication,
// in place of an Authorization header (so not with one).
void read_basic_auth(core::ObjectReader& reader, core::StepParseContext& context, HttpStepSpec& spec) {
    const Value* node = reader.get("basic_auth");
    if (node == nullptr) return;
    if (has_header(spec, "Authorization")) {
        reader.diagnostics().error(*node, "http step has both `basic_auth` and an Authorization header: give one");
        return;
    }
    core::ObjectReader credentials(*node, reader.diagnostics(), "`basic_auth` in http step");
    if (!credentials.valid()) return;
    const auto user = credentials.string("user", true);
    const auto password = credentials.string("password", true);
    credentials.finish();
    if (!user || !password) return;
    if (user->find(':') != std::string::npos) {
        reader.diagnostics().error(*credentials.get("user"),
                                   "`user` in `basic_auth` must not contain ':' (Basic authentication cannot send it)");
        return;
    }
    auto user_template = context.compile(*credentials.get("user"), *user);
    auto password_template = context.compile(*credentials.get("password"), *password);
    if (user_template && password_template)
        spec.basic_auth = HttpStepSpec::Credentials{std::move(*user_template), std::move(*password_template)};
}

// {"session": "abc", "theme": "${theme}"}: cookies for the VU's jar.
void read_cookies(core::ObjectReader& reader, core::StepParseContext& context, HttpStepSpec& spec) {
    const Value* node = reader.get("cookies");
    if (node == nullptr) return;
    auto& diags = reader.diagnostics();
    if (!node->is_object() || node->members().empty()) {
        diags.error(*node,
                    "`cookies` in http step must be a non-empty object of cookie names to values, like "
                    "{\"session\": \"${token}\"}, got " +
                        core::describe_value(*node));
        return;
    }
    for (const auto& member : node->members()) {
        const Value& value = member.value;
        if (!is_http_token(member.key)) {
            diags.error(member.key_position, value.pointer(),
                        "cookie name `" + member.key + "` is not a valid HTTP token");
        } else if (!value.is_string() && !value.is_number() && !value.is_bool()) {
            diags.error(value, "cookie `" + member.key + "` must be a string, number or boolean, got " +
                                   std::string(value.kind_name()));
        } else if (value.is_string() &&
                   value.as_string().find_first_of(std::string_view(";\r\n\0", 4)) != std::string::npos) {
            diags.error(value, "cookie `" + member.key + "` must not contain ';', line breaks or NUL");
        } else if (auto compiled = context.compile(value, value.is_string() ? value.as_string() : value.dump())) {
            spec.cookies.emplace_back(member.key, std::move(*compiled));
        }
    }
}

}  // namespace

bool is_http_token(std::string_view text) {
    static constexpr std::string_view punctuation = "!#$%&'*+-.^_`|~";
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        const bool alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        return alphanumeric || punctuation.find(c) != std::string_view::npos;
    });
}

bool HttpStepSpec::is_constant() const {
    const auto constant = [](const auto& field) { return field.second.is_constant(); };
    return path.is_constant() && body.is_constant() && std::all_of(headers.begin(), headers.end(), constant) &&
           std::all_of(form.begin(), form.end(), constant) &&
           (!basic_auth || (basic_auth->user.is_constant() && basic_auth->password.is_constant()));
}

std::shared_ptr<const core::StepSpec> HttpStepParser::parse(const Value& node, core::StepParseContext& context) const {
    auto& diags = context.diagnostics();
    const std::size_t errors_before = diags.list().size();
    core::ObjectReader reader(node, diags, std::string(what));
    if (!reader.valid()) return nullptr;
    auto spec = std::make_shared<HttpStepSpec>();
    read_method(reader, *spec);
    read_path(reader, context, *spec);
    read_headers(reader, context, *spec);
    read_body(reader, context, *spec);
    read_form(reader, context, *spec);
    read_multipart(reader, context, *spec);
    read_basic_auth(reader, context, *spec);
    read_cookies(reader, context, *spec);
    if (auto redirects = reader.integer("redirects", 0, HttpTargetOptions::max_redirects))
        spec->redirects = static_cast<int>(*redirects);
    if (const auto target = reader.string("target")) {
        if (target->empty()) diags.error(*reader.get("target"), "`target` in http step must name a target, got \"\"");
        spec->target = *target;
    }
    reader.finish();
    if (diags.list().size() != errors_before) return nullptr;
    return spec;
}

}  // namespace throng::targets::http

namespace throng::targets::http {

std::shared_ptr<const core::TargetOptions> HttpStepParser::parse_target_options(
    core::ObjectReader& reader, const std::filesystem::path& base_dir) const {
    auto options = std::make_shared<HttpTargetOptions>();
    if (auto bytes = reader.size("max_response_headers", 64u << 20)) options->max_response_headers = *bytes;
    options->compression = reader.boolean("compression").value_or(false);
    options->http2 = reader.boolean("http2").value_or(false);
    if (auto pool = reader.integer("pool", 0, HttpTargetOptions::max_pool)) {
        if (options->http2 || *pool == 0)
            options->pool = static_cast<int>(*pool);
        else
            reader.reject("pool",
                          "`pool` shares HTTP/2 connections among VUs: it needs `\"http2\": true` on the target");
    }
    if (auto cookies = reader.choice("cookies", {"iteration", "vu", "off"})) {
        using Cookies = HttpTargetOptions::Cookies;
        options->cookies = *cookies == "vu" ? Cookies::vu : *cookies == "off" ? Cookies::off : Cookies::iteration;
    }
    if (auto redirects = reader.integer("redirects", 0, HttpTargetOptions::max_redirects))
        options->redirects = static_cast<int>(*redirects);
    if (auto tls = read_tls_options(reader, base_dir)) {
        options->tls_context = std::move(tls->context);
        options->insecure = tls->insecure;
    }
    return options;
}

std::vector<core::ReplyFacet> HttpStepParser::reply_facets() const {
    using Kind = core::ReplyFacet::Kind;
    return {{"url", Kind::text, {}, "the URL of the final response, after redirects"},
            {"redirects", Kind::count, {}, "the number of redirects followed to the final response"}};
}

std::vector<std::string> HttpTargetOptions::warnings() const {
    if (!insecure) return {};
    return {"TLS certificates are not verified (`insecure: true`): the server's identity is not checked"};
}

}  // namespace throng::targets::http
