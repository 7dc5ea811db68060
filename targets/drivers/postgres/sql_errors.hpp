#pragma once
// How PostgreSQL failures are counted: SQLSTATEs into error classes, and what
// libpq says when a connection cannot be made.
#include <string_view>

#include "harness/core/error_class.hpp"

namespace throng::targets::postgres {

struct Failure {
    core::ErrorClass error = core::ErrorClass::none;
    core::ErrorCode code;  // the SQLSTATE, when the server gave one

    bool failed() const { return error != core::ErrorClass::none; }
};

// The classes PostgreSQL declares, by SQLSTATE: class 40 (serialization
// failure, deadlock: retry the transaction), 57014 (canceled by
// statement_timeout or pg_cancel_backend), class 53 (too many connections, out
// of memory, disk full), and any other (syntax, constraint, missing table...).
core::ErrorClass sql_serialization();
core::ErrorClass sql_canceled();
core::ErrorClass sql_resources();
core::ErrorClass sql_error();

// A statement's error: class 40 (serialization, deadlock) -> sql_serialization,
// 57014 -> sql_canceled, class 53 -> sql_resources, 57P0x (the server ends the
// session) and class 08 -> reset, 08P01 -> protocol, class 28 -> other, any
// other -> sql_error.
core::ErrorClass class_of_sqlstate(std::string_view sqlstate);

// The server refused a new connection: class 53 (too many connections) ->
// sql_resources, anything else (authentication, no such database) -> other.
core::ErrorClass class_of_connect_sqlstate(std::string_view sqlstate);

// The SQLSTATE in a verbose libpq message ("... failed: FATAL:  53300: sorry,
// too many clients already"), or empty.
std::string_view sqlstate_in_message(std::string_view message);

// Why a connection attempt failed, from libpq's message (sent with
// PQERRORS_VERBOSE, so that server errors carry their SQLSTATE).
Failure classify_connect_failure(std::string_view message, bool timed_out);

}  // namespace throng::targets::postgres
