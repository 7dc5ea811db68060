#include "targets/components/pool/pool_config.hpp"

#include <string>

namespace throng::components {

std::string_view to_string(RetireCause cause) {
    switch (cause) {
    case RetireCause::idle: return "idle";
    case RetireCause::lifetime: return "lifetime";
    case RetireCause::broken: return "broken";
    case RetireCause::failed_check: return "failed_check";
    case RetireCause::closed: return "closed";
    }
    return "unknown";
}

namespace {

class PoolCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "throng.pool"; }
    std::string message(int value) const override {
        switch (static_cast<pool_errc>(value)) {
        case pool_errc::timeout: return "no pooled connection came before the deadline";
        case pool_errc::closed: return "the connection pool was closed";
        case pool_errc::creation_failed: return "the pool could not make a connection";
        }
        return "unknown connection pool error";
    }
};

}  // namespace

const std::error_category& pool_category() {
    static const PoolCategory category;
    return category;
}

}  // namespace throng::components
