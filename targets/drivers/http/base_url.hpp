#pragma once
// The target's base URL ("http://host:port/prefix", "https://..."), split
// once at prepare time.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace throng::targets::http {

struct BaseUrl {
    bool tls = false;              // https://
    std::string host;              // an IPv6 address without its brackets
    bool host_is_address = false;  // an IPv4 or IPv6 address, not a name
    std::uint16_t port = 80;
    std::string path_prefix;  // "" or "/prefix" (no trailing slash)
    // From the URL's user and password ("http://user:secret@host"): the
    // Authorization header sent unless a step gives its own, or empty.
    std::string authorization;
    // The Accept-Encoding sent unless a step gives its own, or empty: the
    // target's `compression`.
    std::string accept_encoding;

    // The Host header value: "host" for the scheme's default port (80, or 443
    // for https), "host:port" otherwise.
    std::string host_header() const;
    void append_host_header(std::string& out) const;  // the same, without allocating
};

// nullopt (and a reason in *error) for anything but
// http[s]://[user[:password]@]host[:port][/path].
std::optional<BaseUrl> parse_base_url(std::string_view url, std::string* error = nullptr);

}  // namespace throng::targets::http
