#include "examples/demo-service/demo_connection.hpp"

#include <charconv>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/span_body.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "examples/demo-service/demo_routes.hpp"

namespace throng::demo::detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// Completion token: errors come back as values. A peer closing a connection
// is routine for a load-test target and must not cost an exception.
constexpr auto no_throw = asio::as_tuple(asio::use_awaitable);

constexpr auto body_timeout = std::chrono::seconds(60);
constexpr auto write_timeout = std::chrono::seconds(60);
// How long to keep reading (and discarding) after rejecting a request, see linger().
constexpr auto linger_timeout = std::chrono::seconds(1);

constexpr std::string_view continue_response = "HTTP/1.1 100 Continue\r\n\r\n";

// Every body is either static text or a buffer that outlives the write, so
// the response refers to it instead of copying it.
using Response = http::response<http::span_body<const char>>;
using RequestParser = http::request_parser<http::string_body>;

Clock::duration idle_timeout_of(const DemoConfig& config) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(config.idle_timeout_s));
}

// The response object is reused for every request of a connection; setting a
// field only when its value changes keeps steady traffic free of allocations.
void set_field(Response& response, http::field name, std::string_view value) {
    const auto found = response.find(name);
    if (found != response.end() && std::string_view(found->value()) == value) return;
    response.set(name, value);
}

// A response to HEAD has the headers of the GET response and no body.
void prepare(Response& response, const Reply& reply, unsigned version, bool keep_alive, bool head) {
    response.version(version);
    response.result(reply.status);
    set_field(response, http::field::content_type, reply.content_type);
    if (reply.allow.empty())
        response.erase(http::field::allow);
    else
        set_field(response, http::field::allow, reply.allow);
    using Body = Response::body_type::value_type;
    response.body() = head ? Body() : Body(reply.body.data(), reply.body.size());
    char length[24];
    const auto [end, error] = std::to_chars(length, length + sizeof length, reply.body.size());
    set_field(response, http::field::content_length, std::string_view(length, end - length));
    response.keep_alive(keep_alive);
}

bool expects_continue(const http::request<http::string_body>& request) {
    return request.version() >= 11 && beast::iequals(request[http::field::expect], "100-continue");
}

// The status to answer a request that could not be read with, or nothing
// when the peer just went away (or timed out) and there is no one to answer.
std::optional<unsigned> rejection_status(const beast::error_code& error) {
    if (error.category() != http::make_error_code(http::error::bad_target).category()) return std::nullopt;
    if (error == http::error::end_of_stream || error == http::error::partial_message ||
        error == http::error::short_read)
        return std::nullopt;
    if (error == http::error::body_limit) return 413;
    if (error == http::error::header_limit || error == http::error::buffer_overflow) return 431;
    return 400;
}

class Connection {
public:
    Connection(tcp::socket socket, ThreadState& state)
        : stream_(std::move(socket)),
          delay_timer_(stream_.get_executor()),
          state_(state),
          idle_timeout_(idle_timeout_of(state.config)) {
        // Set once: the response object serves the whole connection.
        response_.set(http::field::server, "throng-demo");
    }

    asio::awaitable<void> run() {
        for (;;) {
            auto error = co_await read_request();
            if (error) {
                if (const auto status = rejection_status(error)) co_await reject(*status);
                break;
            }

            auto& request = parser_->get();
            const RouteRequest route_request{request.method(), request.target(), request.body(),
                                             request[http::field::content_type], request[http::field::authorization]};
            if (state_.config.on_request)
                state_.config.on_request({std::string(request.method_string()), std::string(request.target()),
                                          std::string(request[http::field::authorization]), request.body()});
            const Reply reply = route(route_request, state_.config, state_.rng, scratch_);
            if (reply.delay.count() > 0) {
                delay_timer_.expires_after(reply.delay);
                const auto [wait_error] = co_await delay_timer_.async_wait(no_throw);
                if (wait_error) break;
            }

            const bool keep_alive = request.keep_alive();
            const bool head = request.method() == http::verb::head;
            if (!co_await write(reply, request.version(), keep_alive, head)) break;
            state_.counters.add(reply.counter);
            if (reply.injected_failure) state_.counters.add(Counter::flaky_failed);
            if (!keep_alive) break;
        }
        shut_down();
    }

private:
    // Reads one request into a fresh parser (a parser serves one message);
    // the buffer, holding any pipelined bytes, is kept.
    asio::awaitable<beast::error_code> read_request() {
        parser_.emplace();
        parser_->body_limit(max_body_bytes);

        stream_.expires_after(idle_timeout_);
        auto [error, bytes] = co_await http::async_read_header(stream_, buffer_, *parser_, no_throw);
        if (error || parser_->is_done()) co_return error;

        // curl and others wait for this before sending a large body.
        if (expects_continue(parser_->get())) {
            stream_.expires_after(write_timeout);
            std::tie(error, bytes) = co_await asio::async_write(stream_, asio::buffer(continue_response), no_throw);
            if (error) co_return error;
        }
        stream_.expires_after(body_timeout);
        std::tie(error, bytes) = co_await http::async_read(stream_, buffer_, *parser_, no_throw);
        co_return error;
    }

    asio::awaitable<bool> write(const Reply& reply, unsigned version, bool keep_alive, bool head = false) {
        prepare(response_, reply, version, keep_alive, head);
        stream_.expires_after(write_timeout);
        const auto [error, bytes] = co_await http::async_write(stream_, response_, no_throw);
        co_return !error;
    }

    // Answers an unreadable request, then closes the connection.
    asio::awaitable<void> reject(unsigned status) {
        const Reply reply = detail::reject(status);
        if (!co_await write(reply, 11, false)) co_return;
        state_.counters.add(reply.counter);
        co_await linger();
    }

    // The client may still be sending (say, the rest of an oversized body).
    // Closing with unread data would reset the connection, and the reset can
    // destroy our response before the client reads it; so stop sending, and
    // read and discard until the client closes or a short deadline passes.
    asio::awaitable<void> linger() {
        shut_down();
        stream_.expires_after(linger_timeout);
        for (;;) {
            const auto [error, bytes] = co_await stream_.async_read_some(buffer_.prepare(16 * 1024), no_throw);
            if (error) break;
        }
    }

    // Sends FIN after the last response; the socket closes when destroyed.
    void shut_down() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<RequestParser> parser_;
    Response response_;
    std::string scratch_;  // generated bodies; lives until the next request
    asio::steady_timer delay_timer_;
    ThreadState& state_;
    Clock::duration idle_timeout_;
};

}  // namespace

asio::awaitable<void> serve_connection(tcp::socket socket, ThreadState& state) {
    state.counters.add(Counter::connections_accepted);
    try {
        Connection connection(std::move(socket), state);
        co_await connection.run();
    } catch (const std::exception&) {
        // Only resource exhaustion gets here (bad_alloc, a field too large
        // for Beast): dropping this one connection is the right response.
    }
}

}  // namespace throng::demo::detail
