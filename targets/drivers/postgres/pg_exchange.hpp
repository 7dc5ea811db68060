#pragma once
// Running a step's statements on an open connection and measuring them: a
// prepared query (alone or pipelined), a transaction and its statements, a
// script. Failures come back classified in the Outcomes, never thrown.
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "harness/core/outcome.hpp"
#include "harness/engine/driver.hpp"
#include "targets/drivers/postgres/pg_connection.hpp"
#include "targets/drivers/postgres/pg_prepared.hpp"

namespace throng::targets::postgres {

// Rendered parameter values, reused from request to request (capacity kept).
struct ParamBuffers {
    std::vector<std::string> values;
    std::vector<const char*> pointers;
};

// One step's run on one connection.
struct Exchange {
    Connection& connection;
    const Interruption& interruption;
    const engine::StepIo& io;
    ParamBuffers& params;
    const PreparedPgStep& step;
    // libpq is in a state a step cannot go on from (COPY, an unexpected
    // result): the connection must be closed.
    bool broken = false;
};

// What one request (its results, up to libpq's terminating NULL) came to.
struct Collected {
    Failure failure;
    bool responded = false;  // the server answered, with rows, a command tag or an error of its own
    bool aborted = false;    // pipeline: skipped by the server after an earlier error

    void into(core::Outcome& out) const;  // class, code, responded
};

// The common step, a prepared query: sends it now (after preparing it on
// this connection the first time) and returns what collects its result, so
// that the caller's coroutine times it without one more coroutine between.
boost::asio::awaitable<Collected> query(Exchange& x);
boost::asio::awaitable<core::Outcome> run_pipeline(Exchange& x);
boost::asio::awaitable<core::Outcome> run_transaction(Exchange& x);
boost::asio::awaitable<core::Outcome> run_script(Exchange& x);

}  // namespace throng::targets::postgres
