#include "targets/drivers/http/basic_auth.hpp"

#include <cstdint>

namespace throng::targets::http {

void append_base64(std::string& out, std::string_view bytes) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])); };
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {  // each 3 bytes become 4 characters of 6 bits
        const std::uint32_t group = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
        for (const int shift : {18, 12, 6, 0}) out += alphabet[(group >> shift) & 0x3F];
    }
    const std::size_t rest = bytes.size() - i;  // 1 or 2 bytes left: padded with '='
    if (rest == 0) return;
    const std::uint32_t group = byte(i) << 16 | (rest == 2 ? byte(i + 1) << 8 : 0);
    out += alphabet[(group >> 18) & 0x3F];
    out += alphabet[(group >> 12) & 0x3F];
    out += rest == 2 ? alphabet[(group >> 6) & 0x3F] : '=';
    out += '=';
}

std::string basic_credentials(std::string_view user, std::string_view password) {
    std::string plain;
    plain.reserve(user.size() + 1 + password.size());
    plain += user;
    plain += ':';
    plain += password;
    std::string out = "Basic ";
    append_base64(out, plain);
    return out;
}

}  // namespace throng::targets::http
