#include "targets/components/response/compressible_types.hpp"

#include <algorithm>
#include <array>

#include "harness/core/ascii.hpp"

namespace throng::components {

namespace {

bool iends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && core::iequals_ascii(s.substr(s.size() - suffix.size()), suffix);
}

bool listed(std::string_view type, const auto& list) {
    return std::any_of(list.begin(), list.end(), [&](std::string_view t) { return core::iequals_ascii(type, t); });
}

constexpr std::array<std::string_view, 15> text_types{
    "application/json", "application/javascript", "application/x-javascript", "application/ecmascript",
    "application/xml",  "application/x-ndjson",   "application/yaml",         "application/x-yaml",
    "application/toml", "application/graphql",    "application/sql",          "application/x-www-form-urlencoded",
    "application/rtf",  "application/x-sh",       "application/postscript",
};

constexpr std::array<std::string_view, 12> binary_types{
    "application/wasm",
    "application/vnd.ms-fontobject",
    "application/x-font-ttf",
    "application/x-font-otf",
    "application/x-tar",
    "font/ttf",
    "font/otf",
    "font/collection",
    "font/sfnt",
    "image/bmp",
    "image/x-icon",
    "image/vnd.microsoft.icon",
};

}  // namespace

TypeClass classify_content_type(std::string_view content_type) {
    const std::string_view type = core::trim_ows(content_type.substr(0, content_type.find(';')));
    const std::size_t slash = type.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == type.size()) return TypeClass::incompressible;
    if (core::iequals_ascii(type.substr(0, slash), "text")) return TypeClass::text;
    // Structured syntax suffixes (RFC 6839, RFC 9512): image/svg+xml, application/problem+json, ...
    if (iends_with(type, "+json") || iends_with(type, "+xml") || iends_with(type, "+yaml")) return TypeClass::text;
    if (listed(type, text_types)) return TypeClass::text;
    if (listed(type, binary_types)) return TypeClass::binary;
    return TypeClass::incompressible;
}

}  // namespace throng::components
