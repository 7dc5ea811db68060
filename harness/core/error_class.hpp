#pragma once
// How a request failed: its class (core's or a protocol's) and the protocol's
// own code. Drivers classify every failure; the engine counts them per step
// and the reports show them by name.
#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

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

// How a request failed, by name: core's own classes below, which every
// protocol can meet, and the ones a protocol declares for its own failures
// ("http_5xx", "sql_serialization", "redis_error"; see engine::Protocol). A
// class is a small number, so an Outcome carries it without allocating and a
// metric shard counts it in an array; its name is what results and reports
// show. The numbers of declared classes depend on the order of declaration:
// only names leave the process.
class ErrorClass {
public:
    static constexpr std::size_t capacity = 32;  // core's and every protocol's, and unknown ones read from results

    constexpr ErrorClass() = default;
    // The class named so, declared now if it is new. Thread-safe. Throws
    // std::length_error beyond `capacity` classes.
    static ErrorClass declare(std::string_view name);
    std::string_view name() const;
    constexpr std::size_t index() const { return index_; }
    constexpr explicit operator std::size_t() const { return index_; }
    friend constexpr bool operator==(ErrorClass, ErrorClass) = default;

    static const ErrorClass none;             // not an error
    static const ErrorClass connect_refused;  // nothing listens at the address
    static const ErrorClass connect_timeout;  // the connection was not established in time
    static const ErrorClass timeout;          // no complete response in time
    static const ErrorClass reset;            // the peer reset or closed the connection mid-exchange
    static const ErrorClass protocol;         // the response could not be parsed
    static const ErrorClass other;            // anything else (DNS, local resource exhaustion, ...)

private:
    friend std::vector<ErrorClass> all_error_classes();
    constexpr explicit ErrorClass(unsigned char index) : index_(index) {}
    unsigned char index_ = 0;
};

constexpr ErrorClass ErrorClass::none{0};
constexpr ErrorClass ErrorClass::connect_refused{1};
constexpr ErrorClass ErrorClass::connect_timeout{2};
constexpr ErrorClass ErrorClass::timeout{3};
constexpr ErrorClass ErrorClass::reset{4};
constexpr ErrorClass ErrorClass::protocol{5};
constexpr ErrorClass ErrorClass::other{6};

inline constexpr std::size_t error_class_count = ErrorClass::capacity;

// A class name as a template argument, so that declared_class<"sql_error">()
// keeps one declaration per name.
template <std::size_t N>
struct ErrorClassName {
    constexpr ErrorClassName(const char (&text)[N]) {  // implicit: made from the literal
        for (std::size_t i = 0; i < N; ++i) chars[i] = text[i];
    }
    char chars[N];
};

// A protocol's class, declared on first use (thread-safe) and then kept.
template <ErrorClassName name>
ErrorClass declared_class() {
    static const ErrorClass c = ErrorClass::declare(std::string_view(name.chars, sizeof name.chars - 1));
    return c;
}

// The stable name used in result.json and summaries ("connect_refused", ...).
inline std::string_view name_of(ErrorClass c) { return c.name(); }

// Every class declared so far in the order reports list them: core's in the
// order above, then the others by name.
std::vector<ErrorClass> all_error_classes();

}  // namespace throng::core
