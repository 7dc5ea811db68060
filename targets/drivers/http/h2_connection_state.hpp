#pragma once
// What an H2Connection's coroutines share: the nghttp2 session, the streams
// in flight, the requests waiting for one, and the writer's buffer. The
// connection, its reader and writer loops and each request() hold it by
// shared_ptr, so that destroying the connection while they are suspended
// leaves them a state to complete on. Driver-private: nghttp2 stays here.
//
// Split by purpose: h2_connection.cpp has the coroutines, h2_streams.cpp
// the bookkeeping of streams and their slots, h2_callbacks.cpp nghttp2's
// callbacks, which fill the responses.
#include <nghttp2/nghttp2.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "targets/drivers/http/h2_connection.hpp"

namespace throng::targets::http::h2_detail {

class ConnectionState;

// One request() call: first its place in the queue for a stream, then its
// stream. The callbacks find it by stream id, never through a pointer that
// nghttp2 keeps, so it may go (deadline, coroutine destroyed) while nghttp2
// still knows the stream.
struct Exchange {
    Exchange(ConnectionState& state, const boost::asio::any_io_executor& executor, const H2Limits& limits,
             H2Response& response);
    ~Exchange();  // lets go of what it still holds: a coroutine destroyed unresumed must leave no trace
    Exchange(const Exchange&) = delete;
    Exchange& operator=(const Exchange&) = delete;

    ConnectionState& state;
    const H2Limits& limits;
    H2Response& response;
    // Waited on; expires at the deadline, cancelled when what is waited for happens.
    boost::asio::steady_timer wake;
    std::string_view body;         // still to send
    std::int32_t stream_id = 0;    // registered under it while > 0
    std::size_t header_bytes = 0;  // of the current response header block (RFC 9113's measure)
    std::uint32_t reset_code = 0;
    bool queued = false;      // waiting for a slot
    bool holds_slot = false;  // counts against the server's concurrent streams
    bool reset_by_peer = false;
    bool ended = false;  // the response's END_STREAM arrived
    bool done = false;
    H2Cancel* cancel = nullptr;  // limits.cancel, while it points here
};

class ConnectionState : public std::enable_shared_from_this<ConnectionState> {
public:
    ConnectionState(boost::asio::any_io_executor executor, std::unique_ptr<H2Transport> transport);
    ~ConnectionState();
    ConnectionState(const ConnectionState&) = delete;
    ConnectionState& operator=(const ConnectionState&) = delete;

    // H2Connection's coroutines; each keeps `self`.
    static boost::asio::awaitable<void> start(std::shared_ptr<ConnectionState> self, boost::system::error_code& ec);
    static boost::asio::awaitable<H2Response> exchange(std::shared_ptr<ConnectionState> self, const H2Request& request,
                                                       const H2Limits& limits);

    bool usable() const;
    std::size_t active_streams() const { return streams_.size(); }
    const boost::system::error_code& failure() const { return failure_; }
    bool transport_in_use() const { return reading_ || writing_; }
    void close();
    void let_go(Exchange& exchange);  // from ~Exchange
    void cancel(Exchange& exchange);  // from H2Cancel

private:
    static boost::asio::awaitable<void> read_loop(std::shared_ptr<ConnectionState> self);
    static boost::asio::awaitable<void> write_loop(std::shared_ptr<ConnectionState> self);
    // Starts the writer unless it runs (it sends all there is before it
    // stops). Never from inside an nghttp2 callback: the writer may start
    // at once and call into nghttp2.
    void kick_writer();

    // h2_streams.cpp
    // Why no new stream can be had ("GOAWAY", "closed", ...), or nullptr.
    const char* refusal() const;
    std::size_t stream_limit() const;    // the server's SETTINGS_MAX_CONCURRENT_STREAMS
    bool take_slot(Exchange& exchange);  // at once, if no one waits before
    void release_slot(Exchange& exchange);
    void grant_slots();      // to the first waiters, as many as are free
    void dismiss_waiters();  // the connection ended or went away: no slots any more
    // The request's stream (its id > 0), or a negative nghttp2 error.
    std::int32_t submit(const H2Request& request, Exchange& exchange);
    Exchange* find(std::int32_t stream_id) const;
    // The exchange is over (the first verdict stays): it lets go of its
    // stream and slot and wakes up.
    void finish(Exchange& exchange, H2Error error, std::string_view code);
    void reset(Exchange& exchange, H2Error error);  // RST_STREAM(CANCEL) and finish
    // The connection ended: every stream and waiter is told.
    void fail(H2Error error, std::string_view code, boost::system::error_code ec);
    void lost(const boost::system::error_code& ec);  // the transport failed or ended
    void end_if_finished();                          // nghttp2 wants neither to read nor to write: after a GOAWAY

    // h2_callbacks.cpp
    static const nghttp2_session_callbacks* callbacks();
    static int on_begin_frame(nghttp2_session*, const nghttp2_frame_hd* hd, void* self);
    static int on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* self);
    static int on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name, std::size_t namelen,
                         const std::uint8_t* value, std::size_t valuelen, std::uint8_t flags, void* self);
    static int on_data_chunk(nghttp2_session*, std::uint8_t flags, std::int32_t stream_id, const std::uint8_t* data,
                             std::size_t len, void* self);
    static int on_frame_recv(nghttp2_session*, const nghttp2_frame* frame, void* self);
    static int on_frame_send(nghttp2_session*, const nghttp2_frame* frame, void* self);
    static int on_frame_not_send(nghttp2_session*, const nghttp2_frame* frame, int lib_error, void* self);
    static int on_stream_close(nghttp2_session*, std::int32_t stream_id, std::uint32_t error_code, void* self);
    static ssize_t read_body(nghttp2_session*, std::int32_t stream_id, std::uint8_t* buf, std::size_t length,
                             std::uint32_t* data_flags, nghttp2_data_source*, void* self);
    void stream_closed(Exchange& exchange, std::uint32_t error_code);

    boost::asio::any_io_executor executor_;
    std::unique_ptr<H2Transport> transport_;
    nghttp2_session* session_ = nullptr;
    std::unordered_map<std::int32_t, Exchange*> streams_;
    std::deque<Exchange*> waiters_;  // for a slot, in order
    std::size_t slots_used_ = 0;
    boost::asio::steady_timer* start_wake_ = nullptr;  // start() waiting for the server's SETTINGS
    std::string out_;                                  // what the writer writes
    std::string names_;                                // a request's lowercased header names
    std::vector<nghttp2_nv> fields_;                   // a request's header fields
    core::Nanos read_at_ = 0;                          // when the bytes being fed to nghttp2 arrived
    boost::system::error_code failure_;                // what ended the connection
    std::int32_t goaway_last_stream_ = 0;
    std::uint32_t goaway_code_ = 0;
    std::uint32_t goaway_sent_code_ = NGHTTP2_NO_ERROR;  // ours: nghttp2 found the server at fault
    bool started_ = false;
    bool settings_received_ = false;
    bool goaway_ = false;
    bool closed_ = false;
    bool reading_ = false;  // the reader loop runs
    bool writing_ = false;  // the writer loop runs
};

}  // namespace throng::targets::http::h2_detail
