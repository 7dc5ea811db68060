#include "harness/core/error_class.hpp"

namespace throng::core {

namespace {
constexpr std::array<std::string_view, error_class_count> names = {
    "none", "connect_refused", "connect_timeout", "timeout", "reset",
    "protocol", "http_4xx", "http_5xx", "other",
    "sql_serialization", "sql_canceled", "sql_resources", "sql_error",
    "redis_error", "redis_unavailable", "redis_redirect",
};
}  // namespace

std::string_view name_of(ErrorClass c) { return names[static_cast<std::size_t>(c)]; }

const std::array<ErrorClass, error_class_count>& all_error_classes() {
    static const std::array<ErrorClass, error_class_count> all = [] {
        std::array<ErrorClass, error_class_count> a{};
        for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<ErrorClass>(i);
        return a;
    }();
    return all;
}

}  // namespace throng::core
