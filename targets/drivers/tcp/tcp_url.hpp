#pragma once
// tcp://host:port: where a tcp target listens. Nothing else belongs in it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace throng::targets::tcp {

struct TcpAddress {
    std::string host;  // a name, an IPv4 address, or an IPv6 address without brackets
    std::uint16_t port = 0;
};

// nullopt, and why in *error, for anything but tcp://host:port (a trailing
// '/' is allowed).
std::optional<TcpAddress> parse_tcp_url(std::string_view url, std::string* error = nullptr);

}  // namespace throng::targets::tcp
