#include "harness/core/error_class.hpp"

#include <algorithm>
#include <array>
#include <mutex>
#include <stdexcept>
#include <string>

namespace throng::core {

namespace {

constexpr std::size_t builtin_count = 7;  // none .. other, in ErrorClass's order

// Names by index. A slot is written once, under the lock, before its index is
// handed out; name() reads it under the lock too, so a class declared on a
// worker thread is named right on the coordinator's.
struct Registry {
    std::mutex mutex;
    std::array<std::string, ErrorClass::capacity> names{
        "none", "connect_refused", "connect_timeout", "timeout", "reset", "protocol", "other"};
    std::size_t size = builtin_count;
};

Registry& registry() {
    static Registry r;
    return r;
}

}  // namespace

ErrorClass ErrorClass::declare(std::string_view name) {
    Registry& r = registry();
    const std::lock_guard lock(r.mutex);
    for (std::size_t i = 0; i < r.size; ++i)
        if (r.names[i] == name) return ErrorClass(static_cast<unsigned char>(i));
    if (r.size == capacity)
        throw std::length_error("more than " + std::to_string(capacity) + " error classes (the next: `" +
                                std::string(name) + "`)");
    r.names[r.size] = name;
    return ErrorClass(static_cast<unsigned char>(r.size++));
}

std::string_view ErrorClass::name() const {
    Registry& r = registry();
    const std::lock_guard lock(r.mutex);
    return r.names[index_];
}

std::vector<ErrorClass> all_error_classes() {
    Registry& r = registry();
    std::vector<ErrorClass> all;
    std::vector<std::pair<std::string_view, ErrorClass>> declared;
    {
        const std::lock_guard lock(r.mutex);
        for (std::size_t i = 0; i < r.size; ++i) {
            const ErrorClass c = ErrorClass(static_cast<unsigned char>(i));
            if (i < builtin_count)
                all.push_back(c);
            else
                declared.emplace_back(r.names[i], c);
        }
    }
    std::ranges::sort(declared, {}, &std::pair<std::string_view, ErrorClass>::first);
    for (const auto& entry : declared) all.push_back(entry.second);
    return all;
}

}  // namespace throng::core
