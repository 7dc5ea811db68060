#pragma once
// What the HTTP driver needs around an H2Connection: transports that own the
// socket (and TLS stream) they run over, so that the connection's state,
// which outlives a VU's session while its reads complete, keeps them alive;
// and a request serialized for HTTP/1.1 read back as HTTP/2's fields, so
// that cookies, redirects and templates work on one form of a request.
#include <memory>
#include <string_view>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "targets/drivers/http/h2_connection.hpp"
#include "targets/drivers/http/h2_transport.hpp"

namespace boost::asio::ssl {
class context;
}

namespace throng::targets::http {

// A TCP connection, and TLS over it once `tls` is made: on the heap, so that
// the stream's reference to its socket stays put.
struct OwnedConnection {
    explicit OwnedConnection(boost::asio::ip::tcp::socket connected);
    ~OwnedConnection();
    boost::asio::ip::tcp::socket socket;
    struct Tls;
    std::unique_ptr<Tls> tls;
    // Starts TLS over the socket with `context` (before the handshake);
    // returns its SSL* for SNI, verification and ALPN.
    void* start_tls(boost::asio::ssl::context& context);
    // The handshake; asio::error codes or OpenSSL's.
    boost::asio::awaitable<void> handshake(boost::system::error_code& ec) const;
    bool agreed_on_h2() const;
    void close();
};

// The transport over an OwnedConnection, owning it.
std::unique_ptr<H2Transport> owning_transport(std::unique_ptr<OwnedConnection> connection);

// Offers "h2" then "http/1.1" by ALPN, so that a server without HTTP/2
// answers in HTTP/1.1 rather than failing the handshake.
bool offer_h2_or_http1(void* ssl);

// `bytes` (an HTTP/1.1 request as request_bytes.hpp writes it) as HTTP/2's
// request, into `out`: views into `bytes`, and its header fields (their
// strings' capacity reused). Host becomes the authority.
void h2_request_of(std::string_view bytes, bool tls, H2Request& out);

}  // namespace throng::targets::http
