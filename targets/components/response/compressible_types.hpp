#pragma once
// Which media types are worth compressing: text and structured text
// (text/*, JSON, XML, JavaScript, SVG, YAML, any +json/+xml/+yaml type) and
// a few uncompressed binary formats (WebAssembly, TrueType/OpenType fonts,
// icons, BMP, tar). Not images, audio or video in their compressed formats,
// archives, PDF, WOFF fonts or application/octet-stream (unknown bytes):
// compressing those costs CPU and saves almost nothing. Parameters such as
// "; charset=utf-8" and case do not matter.
#include <string_view>

namespace throng::components {

enum class TypeClass {
    incompressible,
    text,    // brotli's text mode suits it
    binary,  // compressible, brotli's generic mode
};

TypeClass classify_content_type(std::string_view content_type);

inline bool is_compressible_type(std::string_view content_type) {
    return classify_content_type(content_type) != TypeClass::incompressible;
}

}  // namespace throng::components
