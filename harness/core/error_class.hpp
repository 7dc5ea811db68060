#pragma once
// How a request failed. Drivers classify every failure into one of these; the
// engine counts them per step and the reports show them by name.
#include <array>
#include <cstddef>
#include <string_view>

namespace throng::core {

// The protocol's own code for a failure, next to its class: an SQLSTATE
// ("40001") or a Redis error prefix ("WRONGTYPE"). Fixed size, so an Outcome
// carries it without allocating.
class ErrorCode {
public:
    static constexpr std::size_t capacity = 15;
    ErrorCode() = default;
    explicit ErrorCode(std::string_view text) { assign(text); }
    void assign(std::string_view text) {
        size_ = static_cast<unsigned char>(text.size() < capacity ? text.size() : capacity);
        for (std::size_t i = 0; i < size_; ++i) text_[i] = text[i];
    }
    std::string_view view() const { return {text_, size_}; }
    bool empty() const { return size_ == 0; }
    friend bool operator==(const ErrorCode& a, const ErrorCode& b) { return a.view() == b.view(); }

private:
    char text_[capacity]{};
    unsigned char size_ = 0;
};

enum class ErrorClass : unsigned char {
    none = 0,
    connect_refused,   // nothing listens at the address
    connect_timeout,   // the connection was not established in time
    timeout,           // no complete response in time
    reset,             // the peer reset or closed the connection mid-exchange
    protocol,          // the response could not be parsed
    http_4xx,          // a response with a 4xx status
    http_5xx,          // a response with a 5xx status
    other,             // anything else (DNS, local resource exhaustion, ...)
    // SQL errors by SQLSTATE class (the exact code is counted too, see ErrorCode)
    sql_serialization,  // class 40: serialization failure (40001), deadlock (40P01): retry the transaction
    sql_canceled,       // 57014: canceled, by statement_timeout or pg_cancel_backend
    sql_resources,      // class 53: too many connections (53300), out of memory, disk full
    sql_error,          // any other SQLSTATE (syntax, constraint, missing table, ...)
    // Redis error replies by prefix (the prefix is counted too, see ErrorCode)
    redis_error,        // ERR, WRONGTYPE, NOSCRIPT and any other prefix
    redis_unavailable,  // LOADING, BUSY, MASTERDOWN, TRYAGAIN, CLUSTERDOWN: the server cannot serve yet
    redis_redirect,     // MOVED, ASK: the key lives on another cluster node
};

inline constexpr std::size_t error_class_count = 16;

// Stable names used in result.json and summaries ("connect_refused", ...).
std::string_view name_of(ErrorClass c);

// Every class, in enum order, for iteration.
const std::array<ErrorClass, error_class_count>& all_error_classes();

}  // namespace throng::core
