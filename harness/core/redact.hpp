#pragma once
// Target URLs may carry passwords ("postgresql://app:secret@db/app",
// "redis://:secret@cache"); whatever throng writes or prints shows them masked.
// This works on the text itself, not a parsed URL: a URL no parser accepts
// (libpq's several hosts, a typo) must not leak its password either.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace throng::core {

// Where a URL's secrets are: the password of its user info, and the value of
// each `password=` query parameter.
struct SecretSpan {
    std::size_t begin = 0;
    std::size_t end = 0;
};
std::vector<SecretSpan> password_spans(std::string_view url);

// The URL with each of those replaced by "***"; anything else unchanged.
std::string redact_password(std::string_view url);

// A message that may quote parts of the URL (libpq's do), with the URL's
// passwords replaced by "***" wherever they appear in it.
std::string without_passwords(std::string message, std::string_view url);

}  // namespace throng::core
