#include "targets/drivers/http/http_session.hpp"

#include <openssl/ssl.h>

#include <optional>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/read_size.hpp>
#include <boost/beast/http/error.hpp>

#include "targets/drivers/http/content_decoding.hpp"
#include "targets/drivers/http/h2_pool.hpp"
#include "targets/drivers/http/h2_wire.hpp"
#include "targets/drivers/http/redirect.hpp"
#include "targets/drivers/http/request_bytes.hpp"
#include "targets/drivers/http/response_sink.hpp"
#include "targets/drivers/http/tls_context.hpp"
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

    // Keeps the connection's session for the next one to `target`, if it
    // can be resumed.
    bool keep_session(SSL* ssl, const Peer& target) {
        SSL_SESSION* session = SSL_get1_session(ssl);
        if (session == nullptr) return false;
        if (SSL_SESSION_is_resumable(session) != 1) {
            SSL_SESSION_free(session);
            return false;
        }
        resumable.reset(session);
        resumable_for = target;
        return true;
    }

    void end_connection(const Peer& target) {
        if (!stream) return;
        SSL* ssl = stream->native_handle();
        // Freeing a connection that was not shut down would mark its
        // session unusable: it ended as HTTP meant it to.
        if (keep_session(ssl, target)) SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
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
    if (resolver_) resolver_->cancel();
    h2_cancel_.cancel();
    if (h2_waiting_for_ != nullptr)
        h2_waiting_for_->attempt_ended.cancel();  // wakes its other waiters too: they wait again
    close();
}

void HttpSession::expire() {
    timed_out_ = true;
    if (resolver_) resolver_->cancel();
    close();
}

void HttpSession::close() {
    boost::system::error_code ignored;
    socket_.close(ignored);  // completes pending operations with operation_aborted
    if (h2_) h2_->close();   // its streams fail; its state, which holds its socket, goes when they have
    if (h2_connecting_ != nullptr) h2_connecting_->close();
    if (h2_starting_ != nullptr) h2_starting_->close();
    buffer_.clear();  // bytes of the old connection mean nothing on a new one
    // No TLS close_notify: the server sees the connection end, as wrk's do.
}

void HttpSession::end_tls_connection() {
    if (tls_) tls_->end_connection(peer_);
}

void HttpSession::offer_resumption(void* ssl, const Peer& to) const {
    if (tls_ && tls_->resumable && tls_->resumable_for == to)
        SSL_set_session(static_cast<SSL*>(ssl), tls_->resumable.get());
}

void HttpSession::keep_resumable(void* ssl, const Peer& to) {
    if (!tls_) tls_ = std::make_unique<TlsState>();
    tls_->keep_session(static_cast<SSL*>(ssl), to);
}

void HttpSession::forget_resumable() {
    if (tls_) tls_->resumable.reset();
}

void HttpSession::set_failure(const boost::system::error_code& ec, Phase phase, core::Outcome& out) const {
    if (auto tls = classify_tls_error(ec)) {
        out.error = tls->error;
        out.code = tls->code;
        return;
    }
    out.error = classify(ec, phase, timed_out_);
}

asio::awaitable<void> HttpSession::connect(const Destination& to, const PreparedRequest& request, core::Outcome& out) {
    if (tls_) tls_->end_connection(peer_);
    peer_ = to.peer();
    co_await connect_tcp(to, request, out);
    if (out.error == ErrorClass::none && to.tls != nullptr) co_await handshake(to, request, out);
}

asio::awaitable<void> HttpSession::connect_tcp(const Destination& to, const PreparedRequest& request,
                                               core::Outcome& out) {
    timed_out_ = false;
    const core::Nanos began = SteadyClock::read();
    arm(core::saturating_add(began, request.connect_timeout));
    boost::system::error_code ec;
    co_await asio::async_connect(socket_, *to.endpoints, asio::redirect_error(asio::use_awaitable, ec));
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
}

asio::awaitable<void> HttpSession::handshake(const Destination& to, const PreparedRequest& request,
                                             core::Outcome& out) {
    if (!tls_) tls_ = std::make_unique<TlsState>();
    auto& stream = tls_->stream.emplace(socket_, *to.tls);
    SSL* ssl = stream.native_handle();
    expect_peer(ssl, *to.base, to.verify_name);
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
void HttpSession::decode(std::string_view content_encoding, const PreparedRequest& request, core::Reply& reply,
                         core::Outcome& out) {
    switch (decode_body(content_encoding, reply.body, request.max_body, !reply.body_truncated)) {
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

asio::awaitable<HttpSession::Response> HttpSession::read_response(const Exchange& x, const PreparedRequest& request,
                                                                  core::Reply* reply, boost::system::error_code& ec) {
    Response out;
    const bool jar = request.cookies != HttpTargetOptions::Cookies::off;
    for (;;) {
        ResponseSink sink(request.max_headers);  // a Beast parser reads one message: a fresh one each time
        sink.skip(x.head);
        sink.collect(jar ? &set_cookies_ : nullptr, x.location);
        if (reply != nullptr) {
            reply->clear();  // an interim response's headers are not the final one's
            sink.keep(reply, request.needs.body, request.max_body, &request.needs.headers);
        }
        out.bytes += co_await read_message(sink, ec);
        out.status = sink.status();
        if (reply != nullptr) reply->status = out.status;
        out.keep_alive = !ec && sink.keep_alive();
        out.content_encoding = sink.content_encoding();
        if (x.location) location_ = sink.location();
        // 100 Continue and 103 Early Hints come before the real response (101 switches protocols).
        if (ec || out.status < 100 || out.status >= 200 || out.status == 101) co_return out;
    }
}

asio::awaitable<core::Outcome> HttpSession::exchange(const Exchange& x, const PreparedRequest& request,
                                                     core::Reply* reply) {
    if (reply != nullptr) reply->clear();
    // What an earlier response said is not this one's (both paths collect
    // into these; a failed request collects nothing).
    set_cookies_.clear();
    location_.clear();
    // HTTP/2 to the target's origin, or by ALPN anywhere: a redirect to
    // another plain-text origin may not speak h2c.
    const bool h2_allowed = x.to.tls != nullptr || x.to.peer() == request.destination().peer();
    if (request.http2 && h2_allowed && http1_only_ != x.to.peer()) {
        if (auto h2 = co_await exchange_h2(x, request, reply)) co_return *h2;
    }
    core::Outcome out;
    out.phases.told = true;
    // A kept-alive connection may have been closed by the server while idle:
    // then the request is retried once on a fresh connection.
    for (int attempt = 0; attempt < 2 && !aborted_; ++attempt) {
        // A VU's session serves every target of the protocol: a connection
        // to another is closed first.
        if (socket_.is_open() && peer_ != x.to.peer()) close();
        const bool reused = socket_.is_open();
        if (!reused) {
            co_await connect(x.to, request, out);
            if (out.error != ErrorClass::none) co_return out;
        }
        timed_out_ = false;
        out.start = SteadyClock::read();
        arm(core::saturating_add(out.start, request.timeout));
        boost::system::error_code ec;
        const std::size_t sent = co_await write(x.bytes, ec);
        const core::Nanos sent_at = SteadyClock::read();
        first_byte_ = 0;
        Response response;
        if (!ec) response = co_await read_response(x, request, reply, ec);
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
            if (reply != nullptr && !response.content_encoding.empty())
                decode(response.content_encoding, request, *reply, out);
            if (!response.keep_alive) close();
            co_return out;
        }
        // Only a request that may safely be sent twice is retried: the server
        // may have processed it before closing.
        const bool retry = attempt == 0 && reused && received == 0 && !timed_out_ && !aborted_ && x.idempotent &&
                           is_stale_connection(ec);
        set_failure(ec, Phase::exchange, out);
        close();
        if (!retry) co_return out;
    }
    co_return out;
}

namespace {
bool is_idempotent(std::string_view method) {
    return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" || method == "OPTIONS" ||
           method == "TRACE";
}

void fail_redirect(core::Outcome& out, std::string_view code) {
    out.error = ErrorClass::protocol;
    out.code.assign(code);
}
}  // namespace

asio::awaitable<core::Outcome> HttpSession::run_step(const PreparedRequest& request, const engine::StepIo& io) {
    aborted_ = false;
    if (request.templated) render_request(*request.templated, request.base, io.scope, rendered_, scratch_);
    const std::string& first = request.templated ? rendered_ : request.bytes;
    const bool jar = request.cookies != HttpTargetOptions::Cookies::off;
    if (jar) prepare_jar(request, io);
    Destination to = request.destination();
    std::string_view target = request_target_of(first);
    std::string_view method = request.spec->method;
    const std::string* bytes = &first;
    for (int hop = 0;; ++hop) {
        const Exchange x{to, jar ? with_cookies(*bytes, *to.base, target, request) : *bytes, method == "HEAD",
                         is_idempotent(method), request.redirects > 0};
        core::Outcome out = co_await exchange(x, request, io.reply);
        out.follow_up = hop > 0;
        if (jar && !set_cookies_.empty()) take_cookies(*to.base, target, io);
        const bool redirected = out.responded && request.redirects > 0 && is_redirect(out.status) && !location_.empty();
        if (redirected && hop == request.redirects) fail_redirect(out, "max_redirects");
        std::optional<Redirect> next;
        if (redirected && hop < request.redirects) {
            std::string why;
            next = follow_location(absolute_url(*to.base, target), location_, out.status, method, &why);
            if (!next) fail_redirect(out, "bad_location");
        }
        if (!next || aborted_) {  // a VU being cut sends no more
            // Made only for the rules that read them: a string each, per request.
            if (io.reply != nullptr && request.url_facet) io.reply->set_facet("url", absolute_url(*to.base, target));
            if (io.reply != nullptr && request.redirects_facet) io.reply->set_facet("redirects", std::to_string(hop));
            co_return out;
        }
        // The hop is measured under the step; the next request follows.
        const bool same = same_origin(*to.base, next->base);
        auto next_to = co_await destination_of(next->base, request, out);
        if (!next_to) co_return out;
        io.more.push_back({0, out});
        rewrite_for_redirect(*bytes, *next, same, next_hop_bytes_);
        std::swap(hop_bytes_, next_hop_bytes_);
        hop_target_ = std::move(next->target);
        bytes = &hop_bytes_;
        target = hop_target_;
        to = *next_to;
        hop_method_ = std::move(next->method);
        method = hop_method_;
    }
}

void HttpSession::prepare_jar(const PreparedRequest& request, const engine::StepIo& io) {
    const std::uint64_t iteration = io.scope.iteration;
    if (request.cookies == HttpTargetOptions::Cookies::iteration && jar_iteration_ != iteration) {
        if (io.variables != nullptr)
            for (const Cookie& cookie : jar_.cookies()) io.variables->erase("cookies." + cookie.name);
        jar_.clear();
        jar_iteration_ = iteration;
    }
    for (const auto& [name, value] : request.spec->cookies) {
        jar_.set(name, value.render(io.scope), request.base.host);
        publish_cookie(name, io);
    }
}

void HttpSession::take_cookies(const BaseUrl& from, std::string_view target, const engine::StepIo& io) {
    const CookieUrl url{from.tls, from.host, from.host_is_address, target.substr(0, target.find('?'))};
    const auto now = WallClock::now();
    for (const std::string& line : set_cookies_)
        if (auto name = jar_.receive(line, url, now)) publish_cookie(*name, io);
}

void HttpSession::publish_cookie(const std::string& name, const engine::StepIo& io) {
    if (io.variables == nullptr) return;
    const std::string variable = "cookies." + name;
    if (const std::string* value = jar_.value_of(name))
        io.variables->set(variable, *value);
    else
        io.variables->erase(variable);
}

const std::string& HttpSession::with_cookies(const std::string& bytes, const BaseUrl& to, std::string_view target,
                                             const PreparedRequest& request) {
    if (jar_.empty() || request.own_cookie_header) return bytes;
    cookie_line_.clear();
    jar_.header_for({to.tls, to.host, to.host_is_address, target.substr(0, target.find('?'))}, WallClock::now(),
                    cookie_line_);
    if (cookie_line_.empty()) return bytes;
    add_cookie_header(bytes, cookie_line_, cookie_bytes_);
    return cookie_bytes_;
}

asio::awaitable<std::optional<Destination>> HttpSession::destination_of(const BaseUrl& next,
                                                                        const PreparedRequest& request,
                                                                        core::Outcome& out) {
    if (same_origin(next, request.base)) co_return request.destination();
    Destination to;
    if (next.tls) {
        if (!request.redirect_tls) {
            out.error = ErrorClass::other;
            out.code.assign("no_tls_context");
            co_return std::nullopt;
        }
        to.tls = request.redirect_tls.get();
        to.verify_name = request.redirect_verify_name;
    }
    std::string key = next.host + ' ' + std::to_string(next.port) + (next.tls ? " s" : "");
    auto known = origins_.find(key);
    if (known == origins_.end()) {
        if (!resolver_) resolver_ = std::make_unique<asio::ip::tcp::resolver>(socket_.get_executor());
        timed_out_ = false;
        arm(core::saturating_add(SteadyClock::read(), request.connect_timeout));
        boost::system::error_code ec;
        const auto results = co_await resolver_->async_resolve(next.host, std::to_string(next.port),
                                                               asio::redirect_error(asio::use_awaitable, ec));
        disarm();
        if (ec || results.empty()) {
            out.error = timed_out_ ? ErrorClass::connect_timeout : ErrorClass::other;
            out.code.assign("dns");
            co_return std::nullopt;
        }
        auto endpoints = std::make_shared<Endpoints>();
        for (const auto& entry : results) endpoints->push_back(entry.endpoint());
        if (origins_.size() >= 64) {
            // A server sending VUs everywhere: forget and resolve again. The
            // connection goes too, as its peer may be among the forgotten.
            close();
            origins_.clear();
            http1_only_.reset();
            if (tls_) tls_->resumable.reset();
        }
        known = origins_.emplace(std::move(key), Origin{next, std::move(endpoints)}).first;
    }
    to.base = &known->second.base;
    to.endpoints = known->second.endpoints.get();
    co_return to;
}

}  // namespace throng::targets::http
