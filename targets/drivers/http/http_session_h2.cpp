// A VU's requests over HTTP/2: the same Exchange as over HTTP/1.1 (the
// request's bytes, cookies and redirects worked out on them), sent as one
// stream of the VU's HTTP/2 connection, or of one its worker's VUs share.
#include <openssl/ssl.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "targets/drivers/http/content_decoding.hpp"
#include "targets/drivers/http/h2_pool.hpp"
#include "targets/drivers/http/h2_wire.hpp"
#include "targets/drivers/http/http_session.hpp"
#include "targets/drivers/http/tls_context.hpp"
#include "targets/drivers/http/tls_errors.hpp"

namespace throng::targets::http {

namespace asio = boost::asio;
using core::ErrorClass;
using core::SteadyClock;

namespace {

// How a stream that got no answer failed, as HTTP/1.1's failures are counted.
void set_h2_failure(const H2Response& response, core::Outcome& out) {
    switch (response.error) {
    case H2Error::none: break;
    case H2Error::reset:
    case H2Error::refused:
    case H2Error::goaway:
    case H2Error::connection_lost:
    case H2Error::cancelled: out.error = ErrorClass::reset; break;
    case H2Error::protocol:
    case H2Error::headers_too_large: out.error = ErrorClass::protocol; break;
    case H2Error::timeout: out.error = ErrorClass::timeout; break;
    }
    out.code.assign(response.error == H2Error::headers_too_large ? std::string_view("header_limit")
                                                                 : std::string_view(response.code));
}

}  // namespace

asio::awaitable<HttpSession::H2Start> HttpSession::connect_h2(const Destination& to, const PreparedRequest& request,
                                                              core::Outcome& out, std::shared_ptr<H2Connection>& into) {
    into.reset();  // its state goes once its reads and writes (and others' streams on it) have completed
    close();
    end_tls_connection();
    co_await connect_tcp(to, request, out);
    if (out.error != ErrorClass::none) co_return H2Start::failed;
    // The connection takes the socket (which is left closed, ready for the
    // next HTTP/1.1 connection): its state may outlive this session.
    auto connection = std::make_unique<OwnedConnection>(std::move(socket_));
    SSL* ssl = nullptr;
    if (to.tls != nullptr) {
        ssl = static_cast<SSL*>(connection->start_tls(*to.tls));
        expect_peer(ssl, *to.base, to.verify_name);
        offer_h2_or_http1(ssl);
        offer_resumption(ssl, to.peer());
        timed_out_ = false;
        const core::Nanos began = SteadyClock::read();
        arm(core::saturating_add(began, request.connect_timeout));
        h2_connecting_ = connection.get();
        boost::system::error_code ec;
        co_await connection->handshake(ec);
        h2_connecting_ = nullptr;
        disarm();
        if (!ec && (timed_out_ || !connection->socket.is_open())) ec = asio::error::timed_out;
        if (ec) {
            const TlsFailure failure = classify_handshake(ec, SSL_get_verify_result(ssl), timed_out_);
            out.error = failure.error;
            out.code = failure.code;
            forget_resumable();  // not to be tried again
            co_return H2Start::failed;
        }
        out.phases[core::Phase::tls_handshake] = SteadyClock::read() - began;
        if (!connection->agreed_on_h2()) {
            // The server speaks HTTP/1.1 only: so does the VU, to it, from
            // now on, resuming this session.
            http1_only_ = to.peer();
            keep_resumable(ssl, to.peer());
            co_return H2Start::http1;
        }
    }
    auto made = std::make_shared<H2Connection>(socket_.get_executor(), owning_transport(std::move(connection)));
    timed_out_ = false;
    arm(core::saturating_add(SteadyClock::read(), request.connect_timeout));
    h2_starting_ = made.get();
    boost::system::error_code ec;
    co_await made->start(ec);  // until the server's SETTINGS
    h2_starting_ = nullptr;
    disarm();
    if (!ec && timed_out_) ec = asio::error::timed_out;
    if (ec) {
        out.error = timed_out_ ? ErrorClass::connect_timeout : ErrorClass::protocol;
        out.code.assign(timed_out_ ? "h2_settings" : "not_h2");
        co_return H2Start::failed;
    }
    // A TLS 1.3 server's session tickets came before its SETTINGS.
    if (ssl != nullptr) keep_resumable(ssl, to.peer());
    into = std::move(made);
    co_return H2Start::started;
}

asio::awaitable<HttpSession::H2Start> HttpSession::h2_connection_for(const Destination& to,
                                                                     const PreparedRequest& request, core::Outcome& out,
                                                                     std::shared_ptr<H2Connection>& connection,
                                                                     bool& reused) {
    // The pool is the target's: a redirect elsewhere goes on the VU's own.
    if (request.h2_pool > 0 && to.peer() == request.destination().peer())
        co_return co_await shared_h2_connection(to, request, out, connection, reused);
    reused = h2_ && h2_->usable() && h2_peer_ == to.peer();
    if (!reused) {
        const H2Start started = co_await connect_h2(to, request, out, h2_);
        if (started != H2Start::started) co_return started;
        h2_peer_ = to.peer();
    }
    connection = h2_;
    co_return H2Start::started;
}

asio::awaitable<HttpSession::H2Start> HttpSession::shared_h2_connection(const Destination& to,
                                                                        const PreparedRequest& request,
                                                                        core::Outcome& out,
                                                                        std::shared_ptr<H2Connection>& connection,
                                                                        bool& reused) {
    if (!shared_h2_) shared_h2_ = request.h2_pools->get(socket_.get_executor());
    SharedH2Connection& shared = shared_h2_->next_connection(to.peer(), request.h2_pool);
    // Another VU is making it: its attempt serves this VU too, made or failed.
    const std::uint64_t attempts_before = shared.attempts;
    while (shared.connecting && !aborted_) {
        h2_waiting_for_ = &shared;
        boost::system::error_code woken;
        co_await shared.attempt_ended.async_wait(asio::redirect_error(asio::use_awaitable, woken));
        h2_waiting_for_ = nullptr;
    }
    if (aborted_) co_return H2Start::failed;  // a cut VU's outcome is no measurement
    if (shared.http1) {
        http1_only_ = to.peer();
        co_return H2Start::http1;
    }
    const bool waited = shared.attempts != attempts_before;
    if (shared.connection && shared.connection->usable()) {
        connection = shared.connection;
        reused = !waited;
        co_return H2Start::started;
    }
    if (waited && shared.failure != ErrorClass::none) {
        out.error = shared.failure;
        out.code = shared.code;
        co_return H2Start::failed;
    }
    shared.connecting = true;
    const H2Start started = co_await connect_h2(to, request, out, shared.connection);
    shared.connecting = false;
    ++shared.attempts;
    shared.failure = started == H2Start::failed ? out.error : ErrorClass::none;
    shared.code = out.code;
    shared.http1 = started == H2Start::http1;
    shared.attempt_ended.cancel();
    connection = shared.connection;
    reused = false;
    co_return started;
}

void HttpSession::keep_h2_response(H2Response& response, const PreparedRequest& request, core::Reply* reply,
                                   bool location, core::Outcome& out) {
    const bool jar = request.cookies != HttpTargetOptions::Cookies::off;
    std::string_view encoding;
    for (const auto& [name, value] : response.headers) {
        if (jar && name == "set-cookie") set_cookies_.push_back(value);
        if (location && name == "location") location_ = value;
        if (reply == nullptr) continue;
        if (name == "content-encoding") encoding = value;
        for (const std::string& wanted : request.needs.headers)
            if (wanted == name) reply->headers.emplace_back(name, value);
    }
    if (reply == nullptr) return;
    reply->status = response.status;
    reply->body = std::move(response.body);
    reply->body_truncated = response.body_truncated;
    if (!encoding.empty() && request.needs.body) decode(encoding, request, *reply, out);
}

asio::awaitable<std::optional<core::Outcome>> HttpSession::exchange_h2(const Exchange& x,
                                                                       const PreparedRequest& request,
                                                                       core::Reply* reply) {
    core::Outcome out;
    out.phases.told = true;
    // A stream the server refused (or never saw) is sent again, once, on a
    // new connection: it was not processed. So is an idempotent request on
    // a kept connection the server had closed, as over HTTP/1.1.
    for (int attempt = 0; attempt < 2 && !aborted_; ++attempt) {
        std::shared_ptr<H2Connection> connection;  // held while the stream runs, as the pool's may be replaced
        bool reused = false;
        const H2Start started = co_await h2_connection_for(x.to, request, out, connection, reused);
        if (started == H2Start::http1) co_return std::nullopt;
        if (started == H2Start::failed) co_return out;
        h2_request_of(x.bytes, x.to.base->tls, h2_request_);
        h2_limits_.keep_headers = reply != nullptr || x.location || request.cookies != HttpTargetOptions::Cookies::off;
        h2_limits_.keep_body = reply != nullptr && request.needs.body;
        h2_limits_.max_body = request.max_body;
        h2_limits_.max_headers = request.max_headers;
        h2_limits_.cancel = &h2_cancel_;
        out.start = SteadyClock::read();
        h2_limits_.deadline = core::saturating_add(out.start, request.timeout);
        H2Response response = co_await connection->request(h2_request_, h2_limits_);
        out.end = SteadyClock::read();
        out.bytes_sent += response.bytes_sent;
        out.bytes_received += response.bytes_received;
        if (response.error == H2Error::none) {
            const core::Nanos sent_at = response.sent_at != 0 ? response.sent_at : out.start;
            const core::Nanos first_byte = response.first_byte_at != 0 ? response.first_byte_at : sent_at;
            out.phases[core::Phase::sending] = sent_at - out.start;
            out.phases[core::Phase::waiting] = first_byte - sent_at;
            out.phases[core::Phase::receiving] = out.end - first_byte;
            out.responded = true;
            out.status = response.status;
            out.error = classify_status(out.status);
            keep_h2_response(response, request, reply, x.location, out);
            co_return out;
        }
        // The VU's own connection goes after a connection-level failure; a
        // shared one is replaced by the next VU that finds it unusable.
        if (response.error != H2Error::reset && response.error != H2Error::timeout && connection == h2_) h2_.reset();
        const bool stale =
            reused && x.idempotent && response.error == H2Error::connection_lost && response.bytes_received == 0;
        if ((response.error == H2Error::refused || stale) && attempt == 0 && !aborted_) continue;
        set_h2_failure(response, out);
        co_return out;
    }
    co_return out;
}

}  // namespace throng::targets::http
