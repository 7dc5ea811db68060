#pragma once
// application/x-www-form-urlencoded, as browsers send a form: letters,
// digits and *-._ as they are, a space as '+', every other byte as %XX.
#include <cstddef>
#include <string>
#include <string_view>

namespace throng::targets::http {

void append_form_encoded(std::string& out, std::string_view text);

// Encodes out[from...] in place (a value just rendered at the end of `out`).
void form_encode_tail(std::string& out, std::size_t from);

}  // namespace throng::targets::http
