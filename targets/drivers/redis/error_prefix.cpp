#include "targets/drivers/redis/error_prefix.hpp"

#include <array>

namespace throng::targets::redis {

std::string_view error_prefix(std::string_view message) {
    const auto end = message.find_first_of(" \r\n");
    return message.substr(0, end);
}

core::ErrorClass redis_error() { return core::declared_class<"redis_error">(); }

core::ErrorClass redis_unavailable() { return core::declared_class<"redis_unavailable">(); }

core::ErrorClass redis_redirect() { return core::declared_class<"redis_redirect">(); }

core::ErrorClass classify_error_prefix(std::string_view prefix) {
    // Exact words: BUSYKEY and BUSYGROUP are ordinary errors, not a busy server.
    static constexpr std::array<std::string_view, 5> unavailable = {"LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN",
                                                                    "CLUSTERDOWN"};
    for (const auto word : unavailable)
        if (prefix == word) return redis_unavailable();
    if (prefix == "MOVED" || prefix == "ASK") return redis_redirect();
    return redis_error();
}

}  // namespace throng::targets::redis
