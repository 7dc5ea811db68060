#include "targets/drivers/http/step_files.hpp"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

#include "harness/core/object_reader.hpp"
#include "harness/core/template.hpp"

namespace throng::targets::http {

using core::json::Value;

std::optional<std::string> read_bounded_file(const std::filesystem::path& path, std::string* why) {
    constexpr std::uintmax_t largest = std::uintmax_t{64} << 20;
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
        *why = "cannot open the file " + path.string();
        return std::nullopt;
    }
    if (!std::filesystem::is_regular_file(status)) {
        *why = path.string() + " is not a regular file";
        return std::nullopt;
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || size > largest) {
        *why = path.string() + " is larger than 64 MiB";
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    std::string content(static_cast<std::size_t>(size), '\0');
    if (!in || !in.read(content.data(), static_cast<std::streamsize>(content.size()))) {
        *why = "cannot read the file " + path.string();
        return std::nullopt;
    }
    return content;
}

std::optional<std::string> read_step_file(const Value& at, std::string_view name, core::StepParseContext& context,
                                          const std::string& what) {
    std::string why = "no file named";
    auto content =
        name.empty() ? std::nullopt : read_bounded_file(context.base_dir() / std::filesystem::path(name), &why);
    if (!content) context.diagnostics().error(at, what + ": " + why);
    return content;
}

namespace {

// A name inside a Content-Disposition's quotes, as browsers write it.
std::string disposition_name(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '"')
            out += "%22";
        else if (c == '\r')
            out += "%0D";
        else if (c == '\n')
            out += "%0A";
        else
            out += c;
    }
    return out;
}

struct Part {
    std::string head;     // the part's header lines and blank line
    std::string content;  // template text: a field's as written, a file's escaped
};

std::string boundary_for(const std::vector<Part>& parts) {
    // Derived from the content (runs repeat byte for byte) and not found in it.
    std::uint64_t hash = 1469598103934665603ull;  // FNV-1a
    for (const auto& part : parts)
        for (const unsigned char c : part.content) hash = (hash ^ c) * 1099511628211ull;
    for (;; ++hash) {
        char text[40];
        std::snprintf(text, sizeof text, "throng-%016llx", static_cast<unsigned long long>(hash));
        bool found = false;
        for (const auto& part : parts)
            found = found || part.head.find(text) != std::string::npos || part.content.find(text) != std::string::npos;
        if (!found) return text;
    }
}

std::optional<Part> read_file_part(const std::string& name, const Value& value, core::StepParseContext& context) {
    core::ObjectReader reader(value, context.diagnostics(), "multipart part `" + name + "`");
    const auto file = reader.string("file", true);
    const auto filename = reader.string("filename");
    const auto content_type = reader.string("content_type");
    reader.finish();
    if (!file) return std::nullopt;
    auto content = read_step_file(*reader.get("file"), *file, context, "`file` of multipart part `" + name + "`");
    if (!content) return std::nullopt;
    Part part;
    part.head = "Content-Disposition: form-data; name=\"" + disposition_name(name) + "\"; filename=\"" +
                disposition_name(filename.value_or(std::filesystem::path(*file).filename().string())) +
                "\"\r\nContent-Type: " + content_type.value_or("application/octet-stream") + "\r\n\r\n";
    part.content = core::Template::escaped(*content);
    return part;
}

}  // namespace

std::optional<MultipartBody> read_multipart(const Value& node, core::StepParseContext& context) {
    auto& diags = context.diagnostics();
    if (!node.is_object() || node.members().empty()) {
        diags.error(node,
                    "`multipart` in http step must be a non-empty object of part names to values or files, like "
                    "{\"user\": \"vu${vu}\", \"photo\": {\"file\": \"data/photo.jpg\"}}, got " +
                        (node.is_object() ? std::string("an empty object") : core::describe_value(node)));
        return std::nullopt;
    }
    const std::size_t errors_before = diags.list().size();
    std::vector<Part> parts;
    for (const auto& member : node.members()) {
        const Value& value = member.value;
        if (value.is_object()) {
            if (auto part = read_file_part(member.key, value, context)) parts.push_back(std::move(*part));
            continue;
        }
        if (!value.is_string() && !value.is_number() && !value.is_bool()) {
            diags.error(value, "multipart part `" + member.key +
                                   "` must be a string, number or boolean, or {\"file\": ...}, got " +
                                   std::string(value.kind_name()));
            continue;
        }
        Part part;
        part.head = "Content-Disposition: form-data; name=\"" + disposition_name(member.key) + "\"\r\n\r\n";
        part.content = value.is_string() ? value.as_string() : value.dump();
        try {  // placeholders checked here, where they are written
            core::Template::parse(part.content, context.env());
        } catch (const core::TemplateError& e) {
            diags.error(value, e.what());
            continue;
        }
        parts.push_back(std::move(part));
    }
    if (diags.list().size() != errors_before) return std::nullopt;
    MultipartBody body;
    body.boundary = boundary_for(parts);
    for (const auto& part : parts)
        body.template_text += "--" + body.boundary + "\r\n" + part.head + part.content + "\r\n";
    body.template_text += "--" + body.boundary + "--\r\n";
    return body;
}

}  // namespace throng::targets::http
