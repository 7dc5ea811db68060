#pragma once
// Which $n parameters an SQL text uses, found by a scan that knows where they
// cannot be: string literals, quoted identifiers, comments and dollar quotes.
#include <string_view>

namespace throng::targets::postgres {

// The highest n of the $n placeholders in `sql` (0: none).
int highest_placeholder(std::string_view sql);

}  // namespace throng::targets::postgres
