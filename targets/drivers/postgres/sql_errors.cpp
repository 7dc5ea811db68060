#include "targets/drivers/postgres/sql_errors.hpp"

#include <cerrno>
#include <cstring>

#include "targets/drivers/tls_error_classes.hpp"

namespace throng::targets::postgres {

namespace {

using core::ErrorClass;

bool is_sqlstate_char(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); }

bool looks_like_sqlstate(std::string_view text) {
    if (text.size() != 5) return false;
    for (const char c : text)
        if (!is_sqlstate_char(c)) return false;
    return true;
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

}  // namespace

ErrorClass sql_serialization() { return core::declared_class<"sql_serialization">(); }

ErrorClass sql_canceled() { return core::declared_class<"sql_canceled">(); }

ErrorClass sql_resources() { return core::declared_class<"sql_resources">(); }

ErrorClass sql_error() { return core::declared_class<"sql_error">(); }

ErrorClass class_of_sqlstate(std::string_view sqlstate) {
    if (sqlstate.size() != 5) return sql_error();
    const std::string_view klass = sqlstate.substr(0, 2);
    if (klass == "40") return sql_serialization();
    if (sqlstate == "57014") return sql_canceled();
    if (klass == "53") return sql_resources();
    if (sqlstate.starts_with("57P")) return ErrorClass::reset;  // admin/crash shutdown, idle timeouts: FATAL
    if (sqlstate == "08P01") return ErrorClass::protocol;
    if (klass == "08") return ErrorClass::reset;
    if (klass == "28") return ErrorClass::other;
    return sql_error();
}

ErrorClass class_of_connect_sqlstate(std::string_view sqlstate) {
    return sqlstate.starts_with("53") ? sql_resources() : ErrorClass::other;
}

std::string_view sqlstate_in_message(std::string_view message) {
    // Verbose messages read "SEVERITY:  SQLSTATE: text".
    for (const std::string_view severity : {"FATAL:  ", "ERROR:  ", "PANIC:  "}) {
        const auto at = message.find(severity);
        if (at == std::string_view::npos) continue;
        const std::string_view rest = message.substr(at + severity.size());
        if (rest.size() > 5 && rest[5] == ':' && looks_like_sqlstate(rest.substr(0, 5))) return rest.substr(0, 5);
    }
    return {};
}

Failure classify_connect_failure(std::string_view message, bool timed_out) {
    Failure out;
    if (timed_out) {
        out.error = ErrorClass::connect_timeout;
        return out;
    }
    if (const auto sqlstate = sqlstate_in_message(message); !sqlstate.empty()) {
        out.error = class_of_connect_sqlstate(sqlstate);
        out.code.assign(sqlstate);
        return out;
    }
    // libpq words socket errors with strerror(), in the same locale as ours.
    if (contains(message, std::strerror(ECONNREFUSED))) {
        out.error = ErrorClass::connect_refused;
    } else if (contains(message, "server closed the connection unexpectedly") ||
               contains(message, std::strerror(ECONNRESET))) {
        out.error = ErrorClass::reset;
    } else if (contains(message, std::strerror(ETIMEDOUT))) {
        out.error = ErrorClass::connect_timeout;
    } else if (contains(message, "does not match host name")) {  // sslmode=verify-full
        out.error = tls_verify();
        out.code.assign("name_mismatch");
    } else if (contains(message, "certificate verify failed")) {  // sslmode=verify-ca or verify-full
        out.error = tls_verify();
        out.code.assign("verify_failed");
    } else if (contains(message, "server does not support SSL")) {  // sslmode=require or stricter
        out.error = tls_handshake();
        out.code.assign("not_tls");
    } else if (contains(message, "SSL error")) {
        out.error = tls_handshake();
    } else {
        out.error = ErrorClass::other;  // no such host, a missing root certificate file, out of memory, ...
    }
    return out;
}

}  // namespace throng::targets::postgres
