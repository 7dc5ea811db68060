#pragma once
// Target URLs may carry passwords ("postgresql://app:secret@db/app",
// "redis://:secret@cache"); whatever throng writes or prints shows them masked.
#include <string>
#include <string_view>

namespace throng::core {

// The URL with the password of its user-info and any `password=` query
// parameter replaced by "***"; anything else unchanged.
std::string redact_password(std::string_view url);

}  // namespace throng::core
