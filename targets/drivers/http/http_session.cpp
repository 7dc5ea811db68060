#include "targets/drivers/http/http_session.hpp"

#include <openssl/ssl.h>

#include <optional>

#include <boost/asio/connect.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/read_size.hpp>
#include <boost/beast/http/error.hpp>

#include "targets/drivers/http/content_decoding.hpp"
#include "targets/drivers/http/request_bytes.hpp"
#include "targets/drivers/http/response_sink.hpp"
#include "targets/drivers/http/tls_errors.hpp"

namespace throng::targets::http {

namespace asio = boost::asio;
namespace beast_http = boost::beast::http;
using core::ErrorClass;
using core::SteadyClock;

// A VU's TLS: the stream over its socket (one per connection, kept until the
// next connection starts, as a closed socket's operations may still be
// completing), and the session the next connection to the same target
// resumes (taken when a connection ends: TLS 1.3 servers send their tickets
// after the handshake).
struct TlsState {
    std::optional<asio::ssl::stream<asio::ip::tcp::socket&>> stream;
    std::unique_ptr<SSL_SESSION, decltype(&SSL_SESSION_free)> resumable{nullptr, SSL_SESSION_free};
    // The target (its endpoints and TLS context) it came from: a session is
    // resumed only there, as resuming skips the certificate's verification.
    Peer resumable_for;

    void end_connection(const Peer& target) {
        if (!stream) return;
        SSL* ssl = stream->native_handle();
        if (SSL_SESSION* session = SSL_get1_session(ssl)) {
            if (SSL_SESSION_is_resumable(session) == 1) {
                resumable.reset(session);
                resumable_for = target;
                // Freeing a connection that was not shut down would mark
                // its session unusable: it ended as HTTP meant it to.
                SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
            } else {
                SSL_SESSION_free(session);
            }
        }
        stream.reset();
    }
};

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
    // No TLS close_notify: the server sees the connection end, as wrk's do.
}

void HttpSession::set_failure(const boost::system::error_code& ec, Phase phase, core::Outcome& out) const {
    if (auto tls = classify_tls_error(ec)) {
        out.error = tls->error;
        out.code = tls->code;
        return;
    }
    out.error = classify(ec, phase, timed_out_);
}

asio::awaitable<void> HttpSession::connect(const PreparedRequest& request, core::Outcome& out) {
    if (tls_) tls_->end_connection(peer_);
    peer_ = request.peer();
    timed_out_ = false;
    const core::Nanos began = SteadyClock::read();
    arm(core::saturating_add(began, request.connect_timeout));
    boost::system::error_code ec;
    co_await asio::async_connect(socket_, *request.endpoints, asio::redirect_error(asio::use_awaitable, ec));
    disarm();
    // The deadline may have closed the socket just after the connect succeeded.
    if (!ec && (timed_out_ || !socket_.is_open())) ec = asio::error::timed_out;
    if (ec) {
        set_failure(ec, Phase::connect, out);
        close();
        co_return;
    }
    out.phases[core::Phase::connect] = SteadyClock::read() - began;
    socket_.set_option(asio::ip::tcp::no_delay(true), ec);
    if (request.tls) co_await handshake(request, out);
}

asio::awaitable<void> HttpSession::handshake(const PreparedRequest& request, core::Outcome& out) {
    if (!tls_) tls_ = std::make_unique<TlsState>();
    auto& stream = tls_->stream.emplace(socket_, *request.tls);
    SSL* ssl = stream.native_handle();
    const std::string& host = request.base.host;
    // SNI names a host, never an address (RFC 6066); verification checks
    // either against the certificate.
    if (!request.base.host_is_address) SSL_set_tlsext_host_name(ssl, host.c_str());
    if (request.verify_name) {
        if (request.base.host_is_address)
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str());
        else
            SSL_set1_host(ssl, host.c_str());
    }
    if (tls_->resumable && tls_->resumable_for == peer_) SSL_set_session(ssl, tls_->resumable.get());
    timed_out_ = false;
    const core::Nanos began = SteadyClock::read();
    arm(core::saturating_add(began, request.connect_timeout));
    boost::system::error_code ec;
    co_await stream.async_handshake(asio::ssl::stream_base::client, asio::redirect_error(asio::use_awaitable, ec));
    disarm();
    if (!ec && (timed_out_ || !socket_.is_open())) ec = asio::error::timed_out;
    if (!ec) {
        out.phases[core::Phase::tls_handshake] = SteadyClock::read() - began;
        co_return;
    }
    const TlsFailure failure = classify_handshake(ec, SSL_get_verify_result(ssl), timed_out_);
    out.error = failure.error;
    out.code = failure.code;
    close();
    tls_->stream.reset();     // no session to keep from it
    tls_->resumable.reset();  // nor one to try again
}

// After the response is measured: its rules read the body decoded.
void HttpSession::decode(const Response& response, const PreparedRequest& request, core::Reply& reply,
                         core::Outcome& out) {
    switch (decode_body(response.content_encoding, reply.body, request.max_body, !reply.body_truncated)) {
    case DecodeResult::truncated: reply.body_truncated = true; [[fallthrough]];
    case DecodeResult::decoded: out.bytes_decoded = reply.body.size(); break;
    case DecodeResult::corrupt:
        out.error = ErrorClass::protocol;
        out.code.assign("bad_encoding");
        break;
    case DecodeResult::not_encoded:
    case DecodeResult::unsupported: break;  // the rules read it as it came
    }
}

asio::awaitable<std::size_t> HttpSession::write(const std::string& bytes, boost::system::error_code& ec) {
    if (tls_ && tls_->stream)
        co_return co_await asio::async_write(*tls_->stream, asio::buffer(bytes),
                                             asio::redirect_error(asio::use_awaitable, ec));
    co_return co_await asio::async_write(socket_, asio::buffer(bytes), asio::redirect_error(asio::use_awaitable, ec));
}

asio::awaitable<std::size_t> HttpSession::read_some(boost::system::error_code& ec) {
    const auto space = buffer_.prepare(boost::beast::read_size(buffer_, 65536));
    std::size_t n = 0;
    if (tls_ && tls_->stream)
        n = co_await tls_->stream->async_read_some(space, asio::redirect_error(asio::use_awaitable, ec));
    else
        n = co_await socket_.async_read_some(space, asio::redirect_error(asio::use_awaitable, ec));
    // A TLS server that ends the connection without close_notify ends the
    // stream as a plain one would.
    if (is_truncation(ec)) ec = asio::error::eof;
    co_return n;
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
        const std::size_t n = co_await read_some(ec);
        if (ec == asio::error::eof) {  // a body that ends with the connection, or a message cut short
            ec = {};
            if (sink.got_some())
                sink.put_eof(ec);
            else
                ec = beast_http::error::end_of_stream;
            co_return used;
        }
        if (ec) co_return used;
        if (first_byte_ == 0) first_byte_ = SteadyClock::read();
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
        out.content_encoding = sink.content_encoding();
        // 100 Continue and 103 Early Hints come before the real response (101 switches protocols).
        if (ec || out.status < 100 || out.status >= 200 || out.status == 101) co_return out;
    }
}

asio::awaitable<core::Outcome> HttpSession::run_step(const PreparedRequest& request, const engine::StepIo& io) {
    core::Outcome out;
    out.phases.told = true;
    if (request.templated) render_request(*request.templated, request.base, io.scope, rendered_, scratch_);
    const std::string& bytes = request.templated ? rendered_ : request.bytes;
    if (io.reply != nullptr) io.reply->clear();
    // A kept-alive connection may have been closed by the server while idle:
    // then the request is retried once on a fresh connection.
    aborted_ = false;
    for (int attempt = 0; attempt < 2 && !aborted_; ++attempt) {
        // A VU's session serves every target of the protocol: a connection
        // to another is closed first.
        if (socket_.is_open() && peer_ != request.peer()) close();
        const bool reused = socket_.is_open();
        if (!reused) {
            co_await connect(request, out);
            if (out.error != ErrorClass::none) co_return out;
        }
        timed_out_ = false;
        out.start = SteadyClock::read();
        arm(core::saturating_add(out.start, request.timeout));
        boost::system::error_code ec;
        const std::size_t sent = co_await write(bytes, ec);
        const core::Nanos sent_at = SteadyClock::read();
        first_byte_ = 0;
        Response response;
        if (!ec) response = co_await read_response(request, io.reply, ec);
        const std::size_t received = response.bytes;
        disarm();
        out.end = SteadyClock::read();
        out.bytes_sent += sent;
        out.bytes_received += received;
        if (!ec) {
            // An answer read with the previous one (a server that sent it
            // early) had no read of its own: it waited for nothing.
            const core::Nanos first_byte = first_byte_ != 0 ? first_byte_ : sent_at;
            out.phases[core::Phase::sending] = sent_at - out.start;
            out.phases[core::Phase::waiting] = first_byte - sent_at;
            out.phases[core::Phase::receiving] = out.end - first_byte;
            out.responded = true;
            out.status = response.status;
            out.error = classify_status(out.status);
            if (io.reply != nullptr && !response.content_encoding.empty()) decode(response, request, *io.reply, out);
            if (!response.keep_alive) close();
            co_return out;
        }
        // Only a request that may safely be sent twice is retried: the server
        // may have processed it before closing.
        const bool retry = attempt == 0 && reused && received == 0 && !timed_out_ && !aborted_ && request.idempotent &&
                           is_stale_connection(ec);
        set_failure(ec, Phase::exchange, out);
        close();
        if (!retry) co_return out;
    }
    co_return out;
}

}  // namespace throng::targets::http
