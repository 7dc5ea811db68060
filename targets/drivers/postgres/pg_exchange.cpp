#include "targets/drivers/postgres/pg_exchange.hpp"

#include <libpq-fe.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "targets/drivers/postgres/postgres_step.hpp"
#include "targets/drivers/postgres/result_json.hpp"

namespace throng::targets::postgres {

namespace asio = boost::asio;
using core::ErrorClass;
using core::Outcome;
using core::SteadyClock;

namespace {

// The connection broke, or the step was interrupted. A server that said why
// before closing (57P01: terminated by an administrator) keeps its code.
Collected cut_short(Io io, const Interruption& interruption, const Failure& so_far) {
    Collected c;
    if (io == Io::lost) {
        c.failure.error = ErrorClass::reset;
        c.failure.code = so_far.code;
    } else {
        c.failure.error = interruption.timed_out ? ErrorClass::timeout : ErrorClass::other;
    }
    return c;
}

// libpq refused to send: the connection is gone, or in a state we cannot use.
Collected send_failed(Exchange& x) {
    Collected c;
    if (x.connection.check_alive()) {
        c.failure.error = ErrorClass::other;
        x.broken = true;
    } else {
        c.failure.error = ErrorClass::reset;
    }
    return c;
}

void fill_reply(Exchange& x, const PGresult* result) {
    core::Reply* reply = x.io.reply;
    if (reply == nullptr) return;
    if (const std::int64_t rows = row_count(result); rows >= 0) reply->set_facet(row_count_facet, std::to_string(rows));
    if (x.step.keep_body) {
        reply->body.clear();
        reply->body_truncated = append_rows_json(result, reply->body, x.step.target->max_body);
    }
}

// Sends what the last PQsend* left in libpq's buffer, then takes the
// request's results, up to libpq's NULL; the first error decides. Bounded:
// each round takes a result or waits under the deadline.
asio::awaitable<Collected> collect(Exchange& x, bool for_reply) {
    Collected c;
    PGconn* pg = x.connection.pg();
    if (const int pending = PQflush(pg); pending != 0) {
        // (no co_await inside ?: : GCC 12 mishandles it)
        Io io = Io::lost;
        if (pending > 0) io = co_await x.connection.flush(x.interruption);
        if (io != Io::ok) co_return cut_short(io, x.interruption, c.failure);
    }
    for (;;) {
        // Connection::await_result(), inline: one coroutine frame less per request.
        while (PQisBusy(pg)) {
            if (x.interruption.any()) co_return cut_short(Io::interrupted, x.interruption, c.failure);
            boost::system::error_code ec;
            co_await x.connection.async_wait_readable(asio::redirect_error(asio::use_awaitable, ec));
            if (x.interruption.any()) co_return cut_short(Io::interrupted, x.interruption, c.failure);
            if (ec || x.connection.consume() == Io::lost) co_return cut_short(Io::lost, x.interruption, c.failure);
        }
        PGresult* result = PQgetResult(pg);
        if (result == nullptr) break;
        switch (PQresultStatus(result)) {
        case PGRES_TUPLES_OK:
        case PGRES_COMMAND_OK:
        case PGRES_EMPTY_QUERY:
        case PGRES_SINGLE_TUPLE:
            c.responded = true;
            if (for_reply && !c.failure.failed()) fill_reply(x, result);
            break;
        case PGRES_FATAL_ERROR:
            if (!c.failure.failed()) {
                const char* sqlstate = PQresultErrorField(result, PG_DIAG_SQLSTATE);
                if (sqlstate != nullptr && *sqlstate != '\0') {
                    c.failure.code.assign(sqlstate);
                    c.failure.error = class_of_sqlstate(sqlstate);
                    c.responded = true;
                } else {
                    c.failure.error = ErrorClass::reset;  // libpq's own: the connection failed
                }
            }
            break;
        case PGRES_PIPELINE_ABORTED:
            c.aborted = true;
            c.responded = true;
            break;
        case PGRES_BAD_RESPONSE:
            c.failure.error = ErrorClass::protocol;
            x.broken = true;
            break;
        default:  // COPY (a load step has no data to stream), or a result out of place
            if (!c.failure.failed()) c.failure.error = ErrorClass::other;
            x.broken = true;
            break;
        }
        PQclear(result);
        if (x.broken) co_return c;
    }
    if (!x.connection.check_alive()) co_return cut_short(Io::lost, x.interruption, c.failure);
    co_return c;
}

const char* const* render_params(Exchange& x, const PreparedStatement& statement) {
    const auto& params = statement.sql->params;
    ParamBuffers& buffers = x.params;
    if (buffers.values.size() < params.size()) buffers.values.resize(params.size());
    buffers.pointers.resize(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (params[i].null) {
            buffers.pointers[i] = nullptr;
        } else if (statement.constant[i]) {
            buffers.pointers[i] = statement.constant_values[i].c_str();
        } else {
            std::string& value = buffers.values[i];
            value.clear();
            params[i].text.render(x.io.scope, value);
            buffers.pointers[i] = value.c_str();
        }
    }
    return buffers.pointers.data();
}

bool send_prepare(Exchange& x, const PreparedStatement& statement) {
    return PQsendPrepare(x.connection.pg(), statement.server_name.c_str(), statement.sql->query.c_str(),
                         static_cast<int>(statement.sql->params.size()), nullptr) == 1;
}

bool send_execution(Exchange& x, const PreparedStatement& statement) {
    const char* const* values = render_params(x, statement);
    return PQsendQueryPrepared(x.connection.pg(), statement.server_name.c_str(),
                               static_cast<int>(statement.sql->params.size()), values, nullptr, nullptr, 0) == 1;
}

// A statement, prepared on this connection first if it is not yet (one
// more round trip, once per connection).
asio::awaitable<Collected> run_statement(Exchange& x, const PreparedStatement& statement, bool for_reply) {
    if (!x.connection.is_prepared(statement.id)) {
        if (!send_prepare(x, statement)) co_return send_failed(x);
        Collected prepared = co_await collect(x, false);
        if (prepared.failure.failed() || x.broken) co_return prepared;
        x.connection.set_prepared(statement.id);
    }
    if (!send_execution(x, statement)) co_return send_failed(x);
    co_return co_await collect(x, for_reply);
}

// Simple protocol: BEGIN, COMMIT, ROLLBACK, a script.
asio::awaitable<Collected> run_simple(Exchange& x, const char* sql, bool for_reply) {
    if (PQsendQuery(x.connection.pg(), sql) != 1) co_return send_failed(x);
    co_return co_await collect(x, for_reply);
}

asio::awaitable<Collected> done(Collected c) { co_return c; }

bool usable(const Exchange& x) { return !x.broken && !x.interruption.any() && x.connection.is_open(); }

}  // namespace

void Collected::into(Outcome& out) const {
    out.error = failure.error;
    out.code = failure.code;
    out.responded = responded;
}

asio::awaitable<Collected> query(Exchange& x) {
    const PreparedStatement& statement = x.step.statements.front();
    if (!x.connection.is_prepared(statement.id)) return run_statement(x, statement, true);
    if (!send_execution(x, statement)) return done(send_failed(x));
    return collect(x, true);
}

asio::awaitable<Outcome> run_script(Exchange& x) {
    Outcome out;
    out.start = SteadyClock::read();
    const Collected c = co_await run_simple(x, x.step.spec->script.c_str(), true);
    out.end = SteadyClock::read();
    c.into(out);
    co_return out;
}

asio::awaitable<Outcome> run_transaction(Exchange& x) {
    Outcome out;
    out.start = SteadyClock::read();
    Collected c = co_await run_simple(x, x.step.begin.c_str(), false);
    const auto& statements = x.step.statements;
    for (std::size_t i = 0; i < statements.size() && !c.failure.failed() && !x.broken; ++i) {
        Outcome part;
        part.start = SteadyClock::read();
        const Collected s = co_await run_statement(x, statements[i], i + 1 == statements.size());
        part.end = SteadyClock::read();
        s.into(part);
        x.io.more.push_back({i + 1, part});
        if (s.failure.failed()) c = s;
    }
    if (!c.failure.failed() && !x.broken) {
        c = co_await run_simple(x, "COMMIT", false);
    } else if (usable(x) && x.connection.check_alive()) {
        // The statement's error is the step's; the rollback only ends the transaction.
        const Collected rolled_back = co_await run_simple(x, "ROLLBACK", false);
        if (rolled_back.failure.failed()) x.broken = true;
    }
    out.end = SteadyClock::read();
    c.into(out);
    co_return out;
}

// N executions in one round trip (pipeline mode, one Sync): each is a
// measurement from the common send to the arrival of its own result.
asio::awaitable<Outcome> run_pipeline(Exchange& x) {
    const PreparedStatement& statement = x.step.statements.front();
    const int executions = x.step.spec->pipeline;
    PGconn* pg = x.connection.pg();
    Outcome first;
    first.start = SteadyClock::read();
    const auto record = [&](int k, const Outcome& o) {
        if (k == 0) {
            first = o;
        } else {
            x.io.more.push_back({0, o});
        }
    };

    const bool preparing = !x.connection.is_prepared(statement.id);
    bool sent = PQenterPipelineMode(pg) == 1 && (!preparing || send_prepare(x, statement));
    for (int k = 0; k < executions && sent; ++k) sent = send_execution(x, statement);
    Collected c;
    if (!sent || PQpipelineSync(pg) != 1) c = send_failed(x);  // else the first collect() sends it all
    // After the first error the server skips the rest: they count as failed like it.
    Failure earlier;
    const auto alive = [&] { return usable(x) && x.connection.check_alive(); };
    bool going = !c.failure.failed() && alive();
    if (going && preparing) {
        c = co_await collect(x, false);
        going = alive();
        if (c.failure.failed())
            earlier = c.failure;
        else if (going)
            x.connection.set_prepared(statement.id);
    }
    for (int k = 0; k < executions; ++k) {
        Outcome o;
        o.start = first.start;
        if (going) {  // else: what stopped the round stands for the rest
            c = co_await collect(x, k + 1 == executions);
            going = alive();
            if (c.aborted && earlier.failed()) {
                c.failure = earlier;
            } else if (c.failure.failed() && !earlier.failed()) {
                earlier = c.failure;
            }
        }
        o.end = SteadyClock::read();
        c.into(o);
        record(k, o);
    }
    if (going) {
        // The Sync's own result ends the round; then the connection leaves pipeline mode.
        Io io = Io::ok;
        if (PQisBusy(pg)) io = co_await x.connection.await_result(x.interruption);
        PGresult* sync = io == Io::ok ? PQgetResult(pg) : nullptr;
        if (sync == nullptr || PQresultStatus(sync) != PGRES_PIPELINE_SYNC) x.broken = true;
        PQclear(sync);
    }
    if (usable(x) && x.connection.check_alive() && PQexitPipelineMode(pg) != 1) x.broken = true;
    co_return first;
}

}  // namespace throng::targets::postgres
