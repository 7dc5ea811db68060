#pragma once
// HTTP/2 over TLS ("h2"): the transport over a VU's TLS stream, and the ALPN
// offer and check that choose HTTP/2 during the handshake.
#include <openssl/ssl.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>

#include "targets/drivers/http/h2_transport.hpp"

namespace throng::targets::http {

using TlsStream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket&>;

// Over a stream whose handshake is done. Unlike a socket, the stream must
// outlive the operations still completing after close() (they finish in its
// engine), as http_session.cpp's TlsState keeps its stream until the next
// connection.
class H2TlsTransport final : public H2Transport {
public:
    explicit H2TlsTransport(TlsStream& stream) : stream_(stream) {}

    // A server that ends without TLS's close_notify ends the stream (eof), as
    // a plain connection would.
    boost::asio::awaitable<std::size_t> read_some(boost::asio::mutable_buffer buffer,
                                                  boost::system::error_code& ec) override;
    boost::asio::awaitable<std::size_t> write(boost::asio::const_buffer buffer, boost::system::error_code& ec) override;
    // The socket only: no close_notify, as the HTTP/1.1 session does.
    void close() override;

private:
    TlsStream& stream_;
};

// Offers "h2" by ALPN (before the handshake); false if OpenSSL refused it.
bool offer_h2(SSL* ssl);
// After the handshake: whether the server chose "h2".
bool agreed_on_h2(const SSL* ssl);

}  // namespace throng::targets::http
