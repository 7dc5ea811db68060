#pragma once
// An HTTP/2 client connection (libnghttp2) that several coroutines share:
// each request() is one stream, multiplexed with the others' on one
// transport. Used from its executor's thread only.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/error_code.hpp>

#include "harness/core/clock.hpp"
#include "targets/drivers/http/h2_transport.hpp"

namespace throng::targets::http {

using H2Field = std::pair<std::string, std::string>;

namespace h2_detail {
class ConnectionState;
struct Exchange;
}  // namespace h2_detail

// Ends one request() early, from outside it: a VU cut while its stream runs
// on a connection other VUs share, which must not be closed for it. The
// stream is reset (CANCEL) or its wait for one given up, and the request
// completes as `cancelled`. For one request at a time (given to a second,
// it ends only that one); used on the connection's thread; may be
// destroyed before or after the request it was given to.
class H2Cancel {
public:
    H2Cancel() = default;
    ~H2Cancel();
    H2Cancel(const H2Cancel&) = delete;
    H2Cancel& operator=(const H2Cancel&) = delete;

    void cancel();  // the request under way, if any

private:
    friend struct h2_detail::Exchange;
    h2_detail::Exchange* exchange_ = nullptr;
};

struct H2Request {
    std::string_view method = "GET";
    std::string_view scheme = "http";
    std::string_view authority;  // host[:port]; empty: a Host header's, if any
    std::string_view path = "/";
    // Sent with their names lowercased. Those HTTP/2 forbids (Connection,
    // Keep-Alive, Proxy-Connection, Transfer-Encoding, Upgrade, TE other than
    // "trailers") are left out, and Host becomes :authority.
    std::vector<H2Field> headers;
    std::string_view body;  // empty: none, the HEADERS end the stream
};

struct H2Limits {
    bool keep_headers = false;
    bool keep_body = false;          // else the body is counted and dropped
    std::size_t max_body = 1 << 20;  // of a kept body
    // The response's header fields, measured as RFC 9113 (6.5.2) does: name,
    // value and 32 for each, pseudo-headers included, trailers added. An
    // interim (1xx) response's are counted on their own.
    std::size_t max_headers = std::size_t{64} * 1024;
    // When the exchange must be over (core::SteadyClock), waiting for a free
    // stream included; then its stream is reset (CANCEL). 0: no deadline.
    core::Nanos deadline = 0;
    H2Cancel* cancel = nullptr;  // lets its owner end the exchange early
};

enum class H2Error {
    none,
    reset,            // the server reset the stream; code: its error code (INTERNAL_ERROR)
    refused,          // the server did not process it: safe to send again (code below)
    goaway,           // the server's GOAWAY ended the connection with this stream unfinished
    connection_lost,  // the connection ended (eof, reset, close()) with the stream unfinished
    protocol,         // the server broke HTTP/2, on this stream or the connection
    headers_too_large,
    timeout,    // limits.deadline passed
    cancelled,  // by limits.cancel
};

std::string_view to_string(H2Error error);

struct H2Response {
    int status = 0;                // the final one's
    std::vector<H2Field> headers;  // limits.keep_headers: all but pseudo-headers, lowercase, trailers last
    std::string body;              // limits.keep_body: up to limits.max_body bytes
    bool body_truncated = false;
    std::uint64_t body_bytes = 0;  // the body's DATA payload (no padding), kept or not
    // Every frame on the stream (HEADERS, CONTINUATION, DATA, RST_STREAM,
    // WINDOW_UPDATE): its 9-byte header and payload. The connection's own
    // frames (SETTINGS, PING, its WINDOW_UPDATEs) count for no stream.
    std::uint64_t bytes_sent = 0;
    std::uint64_t bytes_received = 0;
    core::Nanos sent_at = 0;        // when the request's HEADERS went out (after any wait for a stream)
    core::Nanos first_byte_at = 0;  // when the read holding the first response HEADERS completed; 0: none came
    H2Error error = H2Error::none;
    // Why, for an error: the HTTP/2 error code's name (REFUSED_STREAM,
    // ENHANCE_YOUR_CALM), "GOAWAY" for a stream above the server's last
    // one, what ended the connection ("eof", "connection_reset", "closed"
    // by close()), or why a request was not sent ("not started").
    std::string code;
};

class H2Connection {
public:
    // The transport's connection is established (and for TLS, "h2" agreed).
    H2Connection(boost::asio::any_io_executor executor, std::unique_ptr<H2Transport> transport);
    // Closes. Safe while coroutines still wait on it, the reader loop
    // among them: they share its state (the reader and writer loops, start()
    // and each request() hold it by shared_ptr) and complete on it as after
    // close().
    ~H2Connection();
    H2Connection(const H2Connection&) = delete;
    H2Connection& operator=(const H2Connection&) = delete;

    // Sends the client preface and SETTINGS (no server push; 1 MiB stream
    // and 16 MiB connection windows) and starts the reader loop; completes
    // when the server's SETTINGS arrive, so that no request is sent before
    // the server's stream limit is known, or with the error that ended the
    // connection first (eof, operation_aborted after close()). Bound it with
    // close().
    boost::asio::awaitable<void> start(boost::system::error_code& ec);

    // One exchange on a new stream. Beyond the server's
    // SETTINGS_MAX_CONCURRENT_STREAMS it waits for a stream to end (in
    // order); one that never got to be sent (the connection ended or went
    // away meanwhile, or was not started) is `refused`. `request` and
    // `limits` must last until it completes.
    boost::asio::awaitable<H2Response> request(const H2Request& request, const H2Limits& limits);

    // Started, open, no GOAWAY received and stream ids left.
    bool usable() const;
    std::size_t active_streams() const;  // submitted and not ended
    // Whether the reader or the writer still has an operation on the
    // transport. After close(), a TLS stream (h2_tls_transport.hpp) may go
    // only once this is false; a socket may go at once.
    bool transport_in_use() const;
    // What ended the connection (eof, connection_reset, protocol_error,
    // operation_aborted after close()); empty while it is open.
    const boost::system::error_code& failure() const;
    // Ends the connection: every stream fails (connection_lost, "closed")
    // and every request waiting for one is refused, all completing as soon
    // as the executor runs them.
    void close();

private:
    std::shared_ptr<h2_detail::ConnectionState> state_;
};

}  // namespace throng::targets::http
