#pragma once
// Target URLs of the form scheme://[user[:password]@]host[:port][/path][?query],
// split by Boost.URL (RFC 3986) for every protocol that has them. Boost stays
// in url.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace throng::core {

struct Url {
    std::string scheme;         // as written before "://"
    std::string authority;      // as written: user info, host and port
    bool has_userinfo = false;  // "user@host", ":secret@host"
    std::string user;           // percent-decoded
    bool has_password = false;  // a ':' in the user info: "user:@host" has an empty password
    std::string password;       // percent-decoded
    std::string host;           // percent-decoded; an IPv6 address without its brackets
    bool ipv6 = false;
    bool has_port = false;  // then `port` is from 1 to 65535
    std::uint16_t port = 0;
    std::string path;  // as written (percent-encoded): "" or starting with '/'
    bool has_query = false;
    std::string query;  // as written, without the '?'
    bool has_fragment = false;
};

// nullopt, and why in *error, for text that is not such a URL, has no host,
// or has a port that is not a number from 1 to 65535.
std::optional<Url> parse_url(std::string_view text, std::string* error = nullptr);

}  // namespace throng::core
