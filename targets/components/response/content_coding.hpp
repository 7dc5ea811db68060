#pragma once
// The content codings the response optimizer can produce (RFC 9110 §8.4.1).
// HTTP's "deflate" is the zlib format (RFC 1950) around a deflate stream,
// not a raw deflate stream.
#include <string_view>

namespace throng::components {

enum class Coding { identity, br, gzip, deflate };

// The token in Content-Encoding and Accept-Encoding: "br", "gzip", ...
constexpr std::string_view to_string(Coding coding) {
    switch (coding) {
    case Coding::br: return "br";
    case Coding::gzip: return "gzip";
    case Coding::deflate: return "deflate";
    case Coding::identity: break;
    }
    return "identity";
}

}  // namespace throng::components
