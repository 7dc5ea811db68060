#pragma once
// The target's base URL ("http://host:port/prefix"), split once at prepare time.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace throng::targets::http {

struct BaseUrl {
    std::string host;
    std::uint16_t port = 80;
    std::string path_prefix;  // "" or "/prefix" (no trailing slash)
    // From the URL's user and password ("http://user:secret@host"): the
    // Authorization header sent unless a step gives its own, or empty.
    std::string authorization;

    // The Host header value: "host" for port 80, "host:port" otherwise.
    std::string host_header() const;
    void append_host_header(std::string& out) const;  // the same, without allocating
};

// nullopt (and a reason in *error) for anything but
// http://[user[:password]@]host[:port][/path].
std::optional<BaseUrl> parse_base_url(std::string_view url, std::string* error = nullptr);

}  // namespace throng::targets::http
