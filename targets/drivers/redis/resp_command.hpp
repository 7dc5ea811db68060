#pragma once
// Commands framed as Redis reads them (RESP): "*<count>\r\n", then
// "$<length>\r\n<bytes>\r\n" per word. Templated commands are framed here
// into reused buffers; constant ones once, at prepare time.
#include <cstddef>
#include <string>
#include <string_view>

namespace throng::targets::redis {

void append_array_header(std::string& out, std::size_t count);
void append_bulk_string(std::string& out, std::string_view word);

}  // namespace throng::targets::redis
