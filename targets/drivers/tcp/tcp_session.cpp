#include "targets/drivers/tcp/tcp_session.hpp"

#include <algorithm>

#include <boost/asio/connect.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "targets/drivers/socket_errors.hpp"

namespace throng::targets::tcp {

namespace asio = boost::asio;
using core::ErrorClass;
using core::SteadyClock;

TcpSession::TcpSession(const engine::SessionContext& context)
    : executor_(context.executor), watchdog_(context.watchdog) {
    watchdog_.watch(this);
}

TcpSession::~TcpSession() { watchdog_.unwatch(this); }

void TcpSession::abort() {
    if (current_ != nullptr) close(*current_);
}

void TcpSession::expire() {
    timed_out_ = true;
    if (current_ != nullptr) close(*current_);
}

void TcpSession::close(Link& link) {
    boost::system::error_code ignored;
    link.socket.close(ignored);  // completes pending operations with operation_aborted
}

TcpSession::Link& TcpSession::link_for(const PreparedExchange& step) {
    for (const auto& link : links_)
        if (link->endpoints == step.endpoints.get()) return *link;
    Link& link = *links_.emplace_back(std::make_unique<Link>(executor_));
    link.endpoints = step.endpoints.get();
    return link;
}

ErrorClass TcpSession::classify(const boost::system::error_code& ec, bool connecting) const {
    if (auto error = socket_error_class(ec, connecting, timed_out_)) return *error;
    if (ec == asio::error::not_found) return ErrorClass::protocol;  // max_reply bytes and no `expect`
    return ErrorClass::other;
}

asio::awaitable<ErrorClass> TcpSession::connect(Link& link, const PreparedExchange& step) {
    link.received.clear();  // bytes of the old connection mean nothing on a new one
    timed_out_ = false;
    arm(core::saturating_add(SteadyClock::read(), step.connect_timeout));
    boost::system::error_code ec;
    co_await asio::async_connect(link.socket, *step.endpoints, asio::redirect_error(asio::use_awaitable, ec));
    disarm();
    // The deadline may have closed the socket just after the connect succeeded.
    if (!ec && (timed_out_ || !link.socket.is_open())) ec = asio::error::timed_out;
    if (ec) {
        const ErrorClass error = classify(ec, true);
        close(link);
        co_return error;
    }
    link.socket.set_option(asio::ip::tcp::no_delay(true), ec);
    co_return ErrorClass::none;
}

asio::awaitable<core::Outcome> TcpSession::run_step(const PreparedExchange& step, const engine::StepIo& io) {
    core::Outcome out;
    if (io.reply != nullptr) io.reply->clear();
    Link& link = link_for(step);
    current_ = &link;
    if (!link.socket.is_open()) {
        out.error = co_await connect(link, step);
        if (out.error != ErrorClass::none) {
            current_ = nullptr;
            co_return out;
        }
    }
    if (step.templated) {
        rendered_.clear();
        step.templated->send.render(io.scope, rendered_);
    }
    const std::string& bytes = step.templated ? rendered_ : step.bytes;
    timed_out_ = false;
    out.start = SteadyClock::read();
    arm(core::saturating_add(out.start, step.timeout));
    boost::system::error_code ec;
    if (!bytes.empty())
        out.bytes_sent =
            co_await asio::async_write(link.socket, asio::buffer(bytes), asio::redirect_error(asio::use_awaitable, ec));
    std::size_t reply = 0;
    if (!ec)
        reply = co_await asio::async_read_until(link.socket, asio::dynamic_buffer(link.received, step.max_reply),
                                                step.expect, asio::redirect_error(asio::use_awaitable, ec));
    disarm();
    current_ = nullptr;
    out.end = SteadyClock::read();
    if (ec) {
        out.bytes_received = link.received.size();
        out.error = classify(ec, false);
        close(link);
        co_return out;
    }
    out.responded = true;
    out.bytes_received = reply;
    if (io.reply != nullptr) {
        io.reply->body.assign(link.received, 0, std::min(reply, step.max_body));
        io.reply->body_truncated = reply > step.max_body;
    }
    link.received.erase(0, reply);  // what came after belongs to the next reply
    co_return out;
}

}  // namespace throng::targets::tcp
