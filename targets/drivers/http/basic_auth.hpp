#pragma once
// HTTP Basic authentication (RFC 7617): the Authorization header's value
// for a user and password, "Basic " and base64 of "user:password".
#include <string>
#include <string_view>

namespace throng::targets::http {

// Standard base64 (RFC 4648, section 4), padded.
void append_base64(std::string& out, std::string_view bytes);

std::string basic_credentials(std::string_view user, std::string_view password);

}  // namespace throng::targets::http
