#pragma once
// The byte stream an HTTP/2 connection runs over: H2Connection reads and
// writes through this, whether it is a plain TCP socket (h2c with prior
// knowledge, below) or a TLS stream (h2_tls_transport.hpp).
#include <cstddef>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>

namespace throng::targets::http {

class H2Transport {
public:
    virtual ~H2Transport() = default;
    // H2Connection keeps at most one read and one write outstanding, and
    // they may be outstanding at the same time. The end of the stream is
    // asio::error::eof.
    virtual boost::asio::awaitable<std::size_t> read_some(boost::asio::mutable_buffer buffer,
                                                          boost::system::error_code& ec) = 0;
    // All of the buffer, unless it fails.
    virtual boost::asio::awaitable<std::size_t> write(boost::asio::const_buffer buffer,
                                                      boost::system::error_code& ec) = 0;
    // Ends the connection at once; outstanding operations complete with an
    // error when the executor runs their handlers.
    virtual void close() = 0;
};

// Over a connected TCP socket that the caller owns (and tunes: TCP_NODELAY).
// Once closed, its outstanding operations no longer touch it, so the socket
// may go then.
class H2TcpTransport final : public H2Transport {
public:
    explicit H2TcpTransport(boost::asio::ip::tcp::socket& socket) : socket_(socket) {}

    boost::asio::awaitable<std::size_t> read_some(boost::asio::mutable_buffer buffer,
                                                  boost::system::error_code& ec) override;
    boost::asio::awaitable<std::size_t> write(boost::asio::const_buffer buffer, boost::system::error_code& ec) override;
    void close() override;

private:
    boost::asio::ip::tcp::socket& socket_;
};

}  // namespace throng::targets::http
