// nghttp2's side of an HTTP/2 connection: the session, and the callbacks
// that fill each stream's response as its frames arrive and end it.
#include <charconv>
#include <cstring>
#include <new>

#include "targets/drivers/http/h2_connection_state.hpp"

namespace throng::targets::http::h2_detail {

namespace {

constexpr std::uint64_t frame_header_size = 9;
// RFC 9113 (6.5.2): what a header field costs, beside its name and value.
constexpr std::size_t field_overhead = 32;

ConnectionState& state_of(void* self) { return *static_cast<ConnectionState*>(self); }

std::string_view text(const std::uint8_t* bytes, std::size_t size) {
    return {reinterpret_cast<const char*>(bytes), size};
}

bool is_interim(int status) { return status >= 100 && status < 200; }

// A sent frame's length is its header block's whole, which nghttp2 splits
// into a HEADERS frame and CONTINUATIONs of 16 KiB.
std::uint64_t frames_of(const nghttp2_frame& frame) {
    constexpr std::size_t block_chunk = 16384;
    if (frame.hd.type != NGHTTP2_HEADERS || frame.hd.length <= block_chunk) return 1;
    return (frame.hd.length + block_chunk - 1) / block_chunk;
}

}  // namespace

ConnectionState::ConnectionState(boost::asio::any_io_executor executor, std::unique_ptr<H2Transport> transport)
    : executor_(std::move(executor)), transport_(std::move(transport)) {
    nghttp2_session_callbacks* set = nullptr;
    if (nghttp2_session_callbacks_new(&set) != 0) throw std::bad_alloc();
    // The session keeps a copy.
    const std::unique_ptr<nghttp2_session_callbacks, decltype(&nghttp2_session_callbacks_del)> owned(
        set, nghttp2_session_callbacks_del);
    nghttp2_session_callbacks_set_on_begin_frame_callback(set, on_begin_frame);
    nghttp2_session_callbacks_set_on_begin_headers_callback(set, on_begin_headers);
    nghttp2_session_callbacks_set_on_header_callback(set, on_header);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(set, on_data_chunk);
    nghttp2_session_callbacks_set_on_frame_recv_callback(set, on_frame_recv);
    nghttp2_session_callbacks_set_on_frame_send_callback(set, on_frame_send);
    nghttp2_session_callbacks_set_on_frame_not_send_callback(set, on_frame_not_send);
    nghttp2_session_callbacks_set_on_stream_close_callback(set, on_stream_close);
    if (nghttp2_session_client_new(&session_, set, this) != 0) throw std::bad_alloc();
}

// Calls no callback: the exchanges still registered (none, unless their
// coroutines outlive the state, which they cannot) are not touched.
ConnectionState::~ConnectionState() { nghttp2_session_del(session_); }

int ConnectionState::on_begin_frame(nghttp2_session*, const nghttp2_frame_hd* hd, void* self) {
    ConnectionState& state = state_of(self);
    if (Exchange* exchange = state.find(hd->stream_id)) {
        exchange->response.bytes_received += frame_header_size + hd->length;
        if (hd->type == NGHTTP2_HEADERS && exchange->response.first_byte_at == 0)
            exchange->response.first_byte_at = state.read_at_;
    }
    return 0;
}

int ConnectionState::on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* self) {
    Exchange* exchange = state_of(self).find(frame->hd.stream_id);
    if (exchange == nullptr || frame->hd.type != NGHTTP2_HEADERS) return 0;
    // A response's first block, or the final one after an interim (1xx)
    // response, which is measured on its own and whose fields are not the
    // final one's. Trailers add to the final block.
    H2Response& response = exchange->response;
    if (response.status == 0 || is_interim(response.status)) {
        exchange->header_bytes = 0;
        response.headers.clear();
        response.status = 0;
    }
    return 0;
}

int ConnectionState::on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name,
                               std::size_t namelen, const std::uint8_t* value, std::size_t valuelen, std::uint8_t,
                               void* self) {
    ConnectionState& state = state_of(self);
    Exchange* exchange = state.find(frame->hd.stream_id);
    if (exchange == nullptr || frame->hd.type != NGHTTP2_HEADERS) return 0;
    exchange->header_bytes += namelen + valuelen + field_overhead;
    if (exchange->header_bytes > exchange->limits.max_headers) {
        // Our RST_STREAM (CANCEL) goes instead of nghttp2's, and the rest of
        // the block is not decoded for anyone.
        state.reset(*exchange, H2Error::headers_too_large);
        return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    }
    H2Response& response = exchange->response;
    const std::string_view field_name = text(name, namelen);
    const std::string_view field_value = text(value, valuelen);
    if (field_name == ":status") {  // nghttp2 checked it is three digits
        std::from_chars(field_value.data(), field_value.data() + field_value.size(), response.status);
        return 0;
    }
    // Names arrive lowercase: nghttp2 refuses others (HTTP messaging rules).
    if (exchange->limits.keep_headers && field_name.front() != ':')
        response.headers.emplace_back(field_name, field_value);
    return 0;
}

int ConnectionState::on_data_chunk(nghttp2_session*, std::uint8_t, std::int32_t stream_id, const std::uint8_t* data,
                                   std::size_t len, void* self) {
    Exchange* exchange = state_of(self).find(stream_id);
    if (exchange == nullptr) return 0;
    H2Response& response = exchange->response;
    response.body_bytes += len;
    if (!exchange->limits.keep_body) return 0;
    const std::size_t max_body = exchange->limits.max_body;
    const std::size_t room = max_body - std::min(max_body, response.body.size());
    if (len > room) response.body_truncated = true;
    response.body.append(text(data, std::min(len, room)));
    return 0;
}

int ConnectionState::on_frame_recv(nghttp2_session*, const nghttp2_frame* frame, void* self) {
    ConnectionState& state = state_of(self);
    switch (frame->hd.type) {
    case NGHTTP2_SETTINGS:
        if ((frame->hd.flags & NGHTTP2_FLAG_ACK) != 0) break;
        state.settings_received_ = true;
        if (state.start_wake_ != nullptr) state.start_wake_->cancel();
        state.grant_slots();  // the server's limit is known, or changed
        break;
    case NGHTTP2_GOAWAY:
        // nghttp2 closes the streams above last_stream_id next, as refused.
        state.goaway_ = true;
        state.goaway_last_stream_ = frame->goaway.last_stream_id;
        state.goaway_code_ = frame->goaway.error_code;
        state.dismiss_waiters();
        break;
    case NGHTTP2_RST_STREAM:  // the stream's close follows
        if (Exchange* exchange = state.find(frame->hd.stream_id)) {
            exchange->reset_by_peer = true;
            exchange->reset_code = frame->rst_stream.error_code;
        }
        break;
    case NGHTTP2_HEADERS:
    case NGHTTP2_DATA:
        if ((frame->hd.flags & NGHTTP2_FLAG_END_STREAM) == 0) break;
        if (Exchange* exchange = state.find(frame->hd.stream_id)) exchange->ended = true;
        break;
    default: break;
    }
    return 0;
}

int ConnectionState::on_frame_send(nghttp2_session*, const nghttp2_frame* frame, void* self) {
    ConnectionState& state = state_of(self);
    if (frame->hd.type == NGHTTP2_GOAWAY) state.goaway_sent_code_ = frame->goaway.error_code;
    Exchange* exchange = state.find(frame->hd.stream_id);
    if (exchange == nullptr) return 0;
    exchange->response.bytes_sent += frame_header_size * frames_of(*frame) + frame->hd.length;
    if (frame->hd.type == NGHTTP2_HEADERS && exchange->response.sent_at == 0)
        exchange->response.sent_at = core::SteadyClock::read();
    return 0;
}

int ConnectionState::on_frame_not_send(nghttp2_session*, const nghttp2_frame* frame, int lib_error, void* self) {
    ConnectionState& state = state_of(self);
    if (frame->hd.type != NGHTTP2_HEADERS) return 0;
    // Its HEADERS never left: the server knows nothing of it.
    if (Exchange* exchange = state.find(frame->hd.stream_id))
        state.finish(*exchange, H2Error::refused, nghttp2_strerror(lib_error));
    return 0;
}

int ConnectionState::on_stream_close(nghttp2_session*, std::int32_t stream_id, std::uint32_t error_code, void* self) {
    ConnectionState& state = state_of(self);
    if (Exchange* exchange = state.find(stream_id)) state.stream_closed(*exchange, error_code);
    return 0;
}

void ConnectionState::stream_closed(Exchange& exchange, std::uint32_t error_code) {
    // A whole response stands, whatever closed the stream after it (a
    // server may reset an upload it no longer needs: RFC 9113, 8.1).
    if (exchange.ended) return finish(exchange, H2Error::none, {});
    if (goaway_ && exchange.stream_id > goaway_last_stream_) return finish(exchange, H2Error::refused, "GOAWAY");
    if (exchange.reset_by_peer) {
        // REFUSED_STREAM promises that nothing was processed (RFC 9113, 8.7).
        const H2Error error = exchange.reset_code == NGHTTP2_REFUSED_STREAM ? H2Error::refused : H2Error::reset;
        return finish(exchange, error, nghttp2_http2_strerror(exchange.reset_code));
    }
    // nghttp2 reset it: the server's frames broke HTTP/2's rules on it.
    finish(exchange, H2Error::protocol, nghttp2_http2_strerror(error_code));
}

ssize_t ConnectionState::read_body(nghttp2_session*, std::int32_t stream_id, std::uint8_t* buf, std::size_t length,
                                   std::uint32_t* data_flags, nghttp2_data_source*, void* self) {
    Exchange* exchange = state_of(self).find(stream_id);
    // Its request() is over (deadline): the body may be gone with it.
    if (exchange == nullptr) return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    const std::size_t n = std::min(length, exchange->body.size());
    std::memcpy(buf, exchange->body.data(), n);
    exchange->body.remove_prefix(n);
    if (exchange->body.empty()) *data_flags |= NGHTTP2_DATA_FLAG_EOF;
    return static_cast<ssize_t>(n);
}

}  // namespace throng::targets::http::h2_detail
