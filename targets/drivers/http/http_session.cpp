#include "targets/drivers/http/http_session.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/read_size.hpp>
#include <boost/beast/http/error.hpp>

#include "targets/drivers/http/request_bytes.hpp"
#include "targets/drivers/http/response_sink.hpp"

namespace throng::targets::http {

namespace asio = boost::asio;
namespace beast_http = boost::beast::http;
using core::ErrorClass;
using core::SteadyClock;

HttpSession::HttpSession(const engine::SessionContext& context)
    : socket_(context.executor), watchdog_(context.watchdog) {
    watchdog_.watch(this);
}

HttpSession::~HttpSession() { watchdog_.unwatch(this); }

void HttpSession::abort() {
    aborted_ = true;
    close();
}

void HttpSession::expire() {
    timed_out_ = true;
    close();
}

void HttpSession::close() {
    boost::system::error_code ignored;
    socket_.close(ignored);  // completes pending operations with operation_aborted
    buffer_.clear();         // bytes of the old connection mean nothing on a new one
}

asio::awaitable<ErrorClass> HttpSession::connect(const PreparedRequest& request) {
    timed_out_ = false;
    arm(core::saturating_add(SteadyClock::read(), request.connect_timeout));
    boost::system::error_code ec;
    co_await asio::async_connect(socket_, *request.endpoints, asio::redirect_error(asio::use_awaitable, ec));
    disarm();
    // The deadline may have closed the socket just after the connect succeeded.
    if (!ec && (timed_out_ || !socket_.is_open())) ec = asio::error::timed_out;
    if (ec) {
        const auto error = classify(ec, Phase::connect, timed_out_);
        close();
        co_return error;
    }
    socket_.set_option(asio::ip::tcp::no_delay(true), ec);
    co_return ErrorClass::none;
}

// Beast's http::async_read, with the sink's bound on what a chunked body may
// leave buffered. Returns the bytes the parser used.
asio::awaitable<std::size_t> HttpSession::read_message(ResponseSink& sink, boost::system::error_code& ec) {
    std::size_t used = 0;
    ec = {};
    while (!sink.is_done()) {
        if (buffer_.size() > 0) {
            const std::size_t n = sink.put_buffered(buffer_.data(), ec);
            buffer_.consume(n);
            used += n;
            if (ec && ec != beast_http::error::need_more) co_return used;
            if (!ec && n > 0) continue;
            ec = {};
        }
        const std::size_t n = co_await socket_.async_read_some(buffer_.prepare(boost::beast::read_size(buffer_, 65536)),
                                                               asio::redirect_error(asio::use_awaitable, ec));
        if (ec == asio::error::eof) {  // a body that ends with the connection, or a message cut short
            ec = {};
            if (sink.got_some())
                sink.put_eof(ec);
            else
                ec = beast_http::error::end_of_stream;
            co_return used;
        }
        if (ec) co_return used;
        buffer_.commit(n);
    }
    co_return used;
}

asio::awaitable<HttpSession::Response> HttpSession::read_response(const PreparedRequest& request, core::Reply* reply,
                                                                  boost::system::error_code& ec) {
    Response out;
    for (;;) {
        ResponseSink sink(request.max_headers);  // a Beast parser reads one message: a fresh one each time
        sink.skip(request.head);
        if (reply != nullptr) {
            reply->clear();  // an interim response's headers are not the final one's
            sink.keep(reply, request.needs.body, request.max_body, &request.needs.headers);
        }
        out.bytes += co_await read_message(sink, ec);
        out.status = sink.status();
        if (reply != nullptr) reply->status = out.status;
        out.keep_alive = !ec && sink.keep_alive();
        // 100 Continue and 103 Early Hints come before the real response (101 switches protocols).
        if (ec || out.status < 100 || out.status >= 200 || out.status == 101) co_return out;
    }
}

asio::awaitable<core::Outcome> HttpSession::run_step(const PreparedRequest& request, const engine::StepIo& io) {
    core::Outcome out;
    if (request.templated) render_request(*request.templated, request.base, io.scope, rendered_, scratch_);
    const std::string& bytes = request.templated ? rendered_ : request.bytes;
    if (io.reply != nullptr) io.reply->clear();
    // A kept-alive connection may have been closed by the server while idle:
    // then the request is retried once on a fresh connection.
    aborted_ = false;
    for (int attempt = 0; attempt < 2 && !aborted_; ++attempt) {
        const bool reused = socket_.is_open();
        if (!reused) {
            out.error = co_await connect(request);
            if (out.error != ErrorClass::none) co_return out;
        }
        timed_out_ = false;
        out.start = SteadyClock::read();
        arm(core::saturating_add(out.start, request.timeout));
        boost::system::error_code ec;
        const std::size_t sent =
            co_await asio::async_write(socket_, asio::buffer(bytes), asio::redirect_error(asio::use_awaitable, ec));
        Response response;
        if (!ec) response = co_await read_response(request, io.reply, ec);
        const std::size_t received = response.bytes;
        disarm();
        out.end = SteadyClock::read();
        out.bytes_sent += sent;
        out.bytes_received += received;
        if (!ec) {
            out.responded = true;
            out.status = response.status;
            out.error = classify_status(out.status);
            if (!response.keep_alive) close();
            co_return out;
        }
        // Only a request that may safely be sent twice is retried: the server
        // may have processed it before closing.
        const bool retry = attempt == 0 && reused && received == 0 && !timed_out_ && !aborted_ && request.idempotent &&
                           is_stale_connection(ec);
        out.error = classify(ec, Phase::exchange, timed_out_);
        close();
        if (!retry) co_return out;
    }
    co_return out;
}

}  // namespace throng::targets::http
