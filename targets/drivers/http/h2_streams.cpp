// The bookkeeping of an HTTP/2 connection's streams: who may open one (the
// server's SETTINGS_MAX_CONCURRENT_STREAMS, counted in slots), who waits for
// one, and how each exchange ends.
#include <algorithm>
#include <chrono>

#include <boost/asio/error.hpp>

#include "harness/core/ascii.hpp"
#include "targets/drivers/http/h2_connection_state.hpp"

namespace throng::targets::http::h2_detail {

namespace asio = boost::asio;

namespace {

std::chrono::steady_clock::time_point wake_time(core::Nanos deadline) {
    if (deadline == 0) return std::chrono::steady_clock::time_point::max();
    return std::chrono::steady_clock::time_point(std::chrono::nanoseconds(deadline));
}

// HTTP/1.1's connection management, which HTTP/2 forbids (RFC 9113, 8.2.2).
bool connection_specific(std::string_view lower_name, std::string_view value) {
    if (lower_name == "te") return !core::iequals_ascii(value, "trailers");
    return lower_name == "connection" || lower_name == "keep-alive" || lower_name == "proxy-connection" ||
           lower_name == "transfer-encoding" || lower_name == "upgrade";
}

nghttp2_nv field(std::string_view name, std::string_view value) {
    // nghttp2 copies what it is given (NV_FLAG_NONE): the casts only meet its C signature.
    return {reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data())),
            reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data())), name.size(), value.size(),
            NGHTTP2_NV_FLAG_NONE};
}

}  // namespace

Exchange::Exchange(ConnectionState& owner, const boost::asio::any_io_executor& executor, const H2Limits& limits_,
                   H2Response& response_)
    : state(owner), limits(limits_), response(response_), wake(executor, wake_time(limits_.deadline)) {
    if (limits.cancel != nullptr) {
        cancel = limits.cancel;
        // One request at a time: an earlier one given it no longer answers to it.
        if (cancel->exchange_ != nullptr) cancel->exchange_->cancel = nullptr;
        cancel->exchange_ = this;
    }
}

Exchange::~Exchange() {
    if (cancel != nullptr) cancel->exchange_ = nullptr;  // it points here (see above)
    state.let_go(*this);
}

}  // namespace throng::targets::http::h2_detail

namespace throng::targets::http {

H2Cancel::~H2Cancel() {
    if (exchange_ != nullptr) exchange_->cancel = nullptr;
}

void H2Cancel::cancel() {
    if (exchange_ != nullptr) exchange_->state.cancel(*exchange_);
}

}  // namespace throng::targets::http

namespace throng::targets::http::h2_detail {

void ConnectionState::cancel(Exchange& exchange) {
    if (exchange.done) return;
    if (exchange.queued) {
        waiters_.erase(std::find(waiters_.begin(), waiters_.end(), &exchange));
        exchange.queued = false;
    }
    reset(exchange, H2Error::cancelled);
    kick_writer();  // the RST_STREAM
}

void ConnectionState::let_go(Exchange& exchange) {
    if (exchange.queued) {
        waiters_.erase(std::find(waiters_.begin(), waiters_.end(), &exchange));
        exchange.queued = false;
    }
    if (exchange.stream_id > 0) {  // its coroutine was destroyed mid-exchange: the server may stop
        if (!closed_) nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, exchange.stream_id, NGHTTP2_CANCEL);
        streams_.erase(exchange.stream_id);
        exchange.stream_id = 0;
    }
    release_slot(exchange);
}

const char* ConnectionState::refusal() const {
    if (closed_) return "closed";
    if (!started_) return "not started";
    if (goaway_) return "GOAWAY";
    if (nghttp2_session_check_request_allowed(session_) == 0) return "no stream ids left";
    return nullptr;
}

bool ConnectionState::usable() const { return refusal() == nullptr; }

std::size_t ConnectionState::stream_limit() const {
    return nghttp2_session_get_remote_settings(session_, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS);
}

bool ConnectionState::take_slot(Exchange& exchange) {
    // Not before the server's SETTINGS: streams beyond its limit would be refused.
    if (!settings_received_ || !waiters_.empty() || slots_used_ >= stream_limit()) return false;
    ++slots_used_;
    exchange.holds_slot = true;
    return true;
}

void ConnectionState::release_slot(Exchange& exchange) {
    if (!exchange.holds_slot) return;
    exchange.holds_slot = false;
    --slots_used_;
    grant_slots();
}

void ConnectionState::grant_slots() {
    // A server that lowers its limit is obeyed as streams end.
    while (!waiters_.empty() && settings_received_ && refusal() == nullptr && slots_used_ < stream_limit()) {
        Exchange& next = *waiters_.front();
        waiters_.pop_front();
        next.queued = false;
        next.holds_slot = true;
        ++slots_used_;
        next.wake.cancel();
    }
}

void ConnectionState::dismiss_waiters() {
    while (!waiters_.empty()) {
        Exchange& next = *waiters_.front();
        waiters_.pop_front();
        next.queued = false;
        next.wake.cancel();
    }
}

std::int32_t ConnectionState::submit(const H2Request& request, Exchange& exchange) {
    // nghttp2 copies the fields: the lowercased names need only last the call.
    std::size_t name_bytes = 0;
    for (const auto& header : request.headers) name_bytes += header.first.size();
    names_.clear();
    names_.reserve(name_bytes);  // never reallocated below: the fields point into it
    fields_.clear();
    fields_.resize(3);  // :method, :scheme, :path, and :authority once known
    std::string_view authority = request.authority;
    for (const auto& [name, value] : request.headers) {
        const std::size_t at = names_.size();
        std::transform(name.begin(), name.end(), std::back_inserter(names_), core::to_lower_ascii);
        const std::string_view lower(names_.data() + at, name.size());
        if (lower == "host") {
            if (authority.empty()) authority = value;
        } else if (!connection_specific(lower, value)) {
            fields_.push_back(field(lower, value));
        }
    }
    fields_[0] = field(":method", request.method);
    fields_[1] = field(":scheme", request.scheme);
    fields_[2] = field(":path", request.path);
    if (!authority.empty()) fields_.insert(fields_.begin() + 2, field(":authority", authority));

    nghttp2_data_provider body{};
    body.read_callback = &ConnectionState::read_body;
    const std::int32_t id = nghttp2_submit_request(session_, nullptr, fields_.data(), fields_.size(),
                                                   request.body.empty() ? nullptr : &body, nullptr);
    if (id < 0) return id;
    exchange.body = request.body;
    exchange.stream_id = id;
    streams_.emplace(id, &exchange);
    return id;
}

Exchange* ConnectionState::find(std::int32_t stream_id) const {
    const auto found = streams_.find(stream_id);
    return found == streams_.end() ? nullptr : found->second;
}

void ConnectionState::finish(Exchange& exchange, H2Error error, std::string_view code) {
    if (exchange.done) return;
    exchange.done = true;
    exchange.response.error = error;
    exchange.response.code.assign(code);
    if (exchange.stream_id > 0) {
        streams_.erase(exchange.stream_id);
        exchange.stream_id = 0;
    }
    exchange.wake.cancel();
    release_slot(exchange);
}

void ConnectionState::reset(Exchange& exchange, H2Error error) {
    if (exchange.stream_id > 0 && !closed_)
        nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, exchange.stream_id, NGHTTP2_CANCEL);
    finish(exchange, error, {});
}

void ConnectionState::fail(H2Error error, std::string_view code, boost::system::error_code ec) {
    if (closed_) return;
    closed_ = true;
    failure_ = ec;
    transport_->close();
    while (!streams_.empty()) finish(*streams_.begin()->second, error, code);
    dismiss_waiters();
    if (start_wake_ != nullptr) start_wake_->cancel();
}

namespace {
std::string_view name_of(const boost::system::error_code& ec) {
    if (ec == asio::error::eof) return "eof";
    if (ec == asio::error::connection_reset) return "connection_reset";
    if (ec == asio::error::broken_pipe) return "broken_pipe";
    return {};
}
}  // namespace

void ConnectionState::lost(const boost::system::error_code& ec) {
    // Streams above the GOAWAY's last one were refused when it came: the
    // ones left were the server's to finish.
    if (goaway_) return fail(H2Error::goaway, nghttp2_http2_strerror(goaway_code_), ec);
    const std::string_view name = name_of(ec);
    fail(H2Error::connection_lost, name.empty() ? ec.message() : std::string(name), ec);
}

void ConnectionState::end_if_finished() {
    if (closed_ || writing_ || nghttp2_session_want_read(session_) != 0 || nghttp2_session_want_write(session_) != 0)
        return;
    // nghttp2 is done with the connection: after a GOAWAY, ours (the server
    // broke the protocol) or the server's, with no stream left.
    if (goaway_sent_code_ != NGHTTP2_NO_ERROR)
        return fail(H2Error::protocol, nghttp2_http2_strerror(goaway_sent_code_),
                    boost::system::errc::make_error_code(boost::system::errc::protocol_error));
    lost(asio::error::eof);
}

void ConnectionState::close() { fail(H2Error::connection_lost, "closed", asio::error::operation_aborted); }

}  // namespace throng::targets::http::h2_detail
