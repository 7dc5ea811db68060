#pragma once
// HTTP/2 frames by hand (RFC 9113, 4.1), for the scripted servers of the
// HTTP/2 tests: writing one, and reading the client's, whole frame by whole
// frame, after its 24-byte preface.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace throng::test::h2 {

constexpr std::uint8_t headers = 1, rst_stream = 3, settings = 4, goaway = 7;
constexpr std::uint8_t ack = 1, end_stream_and_headers = 5;
constexpr std::size_t client_preface_size = 24;
constexpr char status_200[] = "\x88";  // ":status: 200", entry 8 of HPACK's static table

inline std::string u32(std::uint32_t v) {
    return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

inline std::string frame(std::uint8_t type, std::uint8_t flags, std::uint32_t stream, const std::string& payload) {
    const auto length = static_cast<std::uint32_t>(payload.size());
    return std::string{static_cast<char>(length >> 16), static_cast<char>(length >> 8), static_cast<char>(length),
                       static_cast<char>(type), static_cast<char>(flags)} +
           u32(stream) + payload;
}

struct FrameHeader {
    std::uint8_t type = 0;
    std::uint8_t flags = 0;
    std::uint32_t stream = 0;
};

// The next whole frame of `in` from `at` (moved past it), or nullopt until
// more bytes come.
inline std::optional<FrameHeader> next_frame(const std::string& in, std::size_t& at) {
    auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(in[i])); };
    if (in.size() < at + 9) return std::nullopt;
    const std::uint32_t length = byte(at) << 16 | byte(at + 1) << 8 | byte(at + 2);
    if (in.size() < at + 9 + length) return std::nullopt;
    const FrameHeader header{static_cast<std::uint8_t>(byte(at + 3)), static_cast<std::uint8_t>(byte(at + 4)),
                             (byte(at + 5) & 0x7f) << 24 | byte(at + 6) << 16 | byte(at + 7) << 8 | byte(at + 8)};
    at += 9 + length;
    return header;
}

}  // namespace throng::test::h2
