// H2Connection's coroutines: start(), request(), and the reader and writer
// loops that they start. Only the writer writes (one write in flight), only
// the reader reads; request() submits a stream and waits on its own timer,
// which the callbacks cancel when the stream ends.
#include "targets/drivers/http/h2_connection.hpp"

#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "targets/drivers/http/h2_connection_state.hpp"

namespace throng::targets::http {

namespace asio = boost::asio;
using h2_detail::ConnectionState;

namespace {

constexpr std::int32_t stream_window = 1 << 20;              // a 1 MiB body per round trip
constexpr std::int32_t connection_window = 16 << 20;         // for many such streams at once
constexpr std::size_t write_chunk = std::size_t{64} * 1024;  // taken from nghttp2 for one write
constexpr std::size_t read_size = std::size_t{64} * 1024;

asio::awaitable<void> wait(asio::steady_timer& timer, boost::system::error_code& ec) {
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

}  // namespace

std::string_view to_string(H2Error error) {
    switch (error) {
    case H2Error::none: return "none";
    case H2Error::reset: return "reset";
    case H2Error::refused: return "refused";
    case H2Error::goaway: return "goaway";
    case H2Error::connection_lost: return "connection_lost";
    case H2Error::protocol: return "protocol";
    case H2Error::headers_too_large: return "headers_too_large";
    case H2Error::timeout: return "timeout";
    case H2Error::cancelled: return "cancelled";
    }
    return "unknown";
}

H2Connection::H2Connection(asio::any_io_executor executor, std::unique_ptr<H2Transport> transport)
    : state_(std::make_shared<ConnectionState>(std::move(executor), std::move(transport))) {}

H2Connection::~H2Connection() { state_->close(); }

// The coroutines take a copy of the state, not `this`: the connection may go first.
asio::awaitable<void> H2Connection::start(boost::system::error_code& ec) { return ConnectionState::start(state_, ec); }

asio::awaitable<H2Response> H2Connection::request(const H2Request& request, const H2Limits& limits) {
    return ConnectionState::exchange(state_, request, limits);
}

bool H2Connection::usable() const { return state_->usable(); }

std::size_t H2Connection::active_streams() const { return state_->active_streams(); }

bool H2Connection::transport_in_use() const { return state_->transport_in_use(); }

const boost::system::error_code& H2Connection::failure() const { return state_->failure(); }

void H2Connection::close() { state_->close(); }

namespace h2_detail {

asio::awaitable<void> ConnectionState::start(std::shared_ptr<ConnectionState> self, boost::system::error_code& ec) {
    ec = {};
    if (self->closed_) {
        ec = self->failure_;
        co_return;
    }
    if (self->started_) {
        ec = asio::error::already_started;
        co_return;
    }
    self->started_ = true;
    const nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
                                               {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, stream_window}};
    int rv = nghttp2_submit_settings(self->session_, NGHTTP2_FLAG_NONE, settings, std::size(settings));
    if (rv == 0) rv = nghttp2_session_set_local_window_size(self->session_, NGHTTP2_FLAG_NONE, 0, connection_window);
    if (rv != 0) {
        self->fail(H2Error::protocol, nghttp2_strerror(rv), make_error_code(boost::system::errc::not_enough_memory));
        ec = self->failure_;
        co_return;
    }
    // co_spawn runs the reader here until its first read: it only waits.
    self->reading_ = true;
    asio::co_spawn(self->executor_, read_loop(self), asio::detached);
    self->kick_writer();  // the preface and our SETTINGS

    asio::steady_timer wake(self->executor_, asio::steady_timer::time_point::max());
    struct Registration {  // gone with the frame, even one destroyed unresumed
        ConnectionState& state;
        ~Registration() { state.start_wake_ = nullptr; }
    } registration{*self};
    self->start_wake_ = &wake;
    while (!self->settings_received_ && !self->closed_) {
        boost::system::error_code ignored;
        co_await wait(wake, ignored);
    }
    if (!self->settings_received_) ec = self->failure_;
}

asio::awaitable<H2Response> ConnectionState::exchange(std::shared_ptr<ConnectionState> self, const H2Request& request,
                                                      const H2Limits& limits) {
    H2Response response;
    if (const char* why = self->refusal()) {
        response.error = H2Error::refused;
        response.code = why;
        co_return response;
    }
    h2_detail::Exchange exchange(*self, self->executor_, limits, response);
    if (!self->take_slot(exchange)) {
        self->waiters_.push_back(&exchange);
        exchange.queued = true;
        while (exchange.queued) {
            boost::system::error_code ec;
            co_await wait(exchange.wake, ec);
            if (exchange.queued && ec != asio::error::operation_aborted) {  // the deadline passed
                self->let_go(exchange);
                response.error = H2Error::timeout;
                co_return response;
            }
        }
        if (exchange.done) co_return response;  // cancelled while it waited
        if (!exchange.holds_slot) {             // dismissed: the connection ended or went away
            const char* why = self->refusal();
            response.error = H2Error::refused;
            response.code = why != nullptr ? why : "closed";
            co_return response;
        }
    }
    const std::int32_t id = self->submit(request, exchange);
    if (id < 0) {
        self->release_slot(exchange);
        response.error = id == NGHTTP2_ERR_STREAM_ID_NOT_AVAILABLE ? H2Error::refused : H2Error::protocol;
        response.code = nghttp2_strerror(id);
        co_return response;
    }
    self->kick_writer();
    while (!exchange.done) {
        boost::system::error_code ec;
        co_await wait(exchange.wake, ec);
        if (!exchange.done && ec != asio::error::operation_aborted) {  // the deadline passed
            self->reset(exchange, H2Error::timeout);
            self->kick_writer();
        }
    }
    co_return response;
}

asio::awaitable<void> ConnectionState::read_loop(std::shared_ptr<ConnectionState> self) {
    std::vector<std::uint8_t> buffer(read_size);
    while (!self->closed_) {
        boost::system::error_code ec;
        const std::size_t n = co_await self->transport_->read_some(asio::buffer(buffer), ec);
        if (self->closed_) break;
        if (ec) {
            self->lost(ec);
            break;
        }
        self->read_at_ = core::SteadyClock::read();
        const ssize_t used = nghttp2_session_mem_recv(self->session_, buffer.data(), n);
        if (used < 0) {
            self->fail(H2Error::protocol, nghttp2_strerror(static_cast<int>(used)),
                       make_error_code(boost::system::errc::protocol_error));
            break;
        }
        self->kick_writer();  // SETTINGS and PING acknowledgements, WINDOW_UPDATEs, DATA they allow
        self->end_if_finished();
    }
    self->reading_ = false;
}

void ConnectionState::kick_writer() {
    if (writing_ || closed_ || nghttp2_session_want_write(session_) == 0) return;
    writing_ = true;
    // Runs here up to its first write (co_spawn dispatches).
    asio::co_spawn(executor_, write_loop(shared_from_this()), asio::detached);
}

asio::awaitable<void> ConnectionState::write_loop(std::shared_ptr<ConnectionState> self) {
    while (!self->closed_) {
        // What was submitted while the last write was in flight goes in this one.
        self->out_.clear();
        while (self->out_.size() < write_chunk && !self->closed_) {
            const std::uint8_t* data = nullptr;
            const ssize_t n = nghttp2_session_mem_send(self->session_, &data);
            if (n < 0) {
                self->fail(H2Error::protocol, nghttp2_strerror(static_cast<int>(n)),
                           make_error_code(boost::system::errc::protocol_error));
            }
            if (n <= 0) break;
            self->out_.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(n));
        }
        if (self->closed_ || self->out_.empty()) break;
        boost::system::error_code ec;
        co_await self->transport_->write(asio::buffer(self->out_), ec);
        if (self->closed_) break;
        if (ec) {
            self->lost(ec);
            break;
        }
    }
    self->writing_ = false;
    self->end_if_finished();
}

}  // namespace h2_detail

}  // namespace throng::targets::http
