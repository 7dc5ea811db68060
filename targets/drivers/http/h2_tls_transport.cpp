#include "targets/drivers/http/h2_tls_transport.hpp"

#include <cstring>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "targets/drivers/http/tls_errors.hpp"

namespace throng::targets::http {

namespace asio = boost::asio;

asio::awaitable<std::size_t> H2TlsTransport::read_some(asio::mutable_buffer buffer, boost::system::error_code& ec) {
    const std::size_t n = co_await stream_.async_read_some(buffer, asio::redirect_error(asio::use_awaitable, ec));
    if (is_truncation(ec)) ec = asio::error::eof;
    co_return n;
}

asio::awaitable<std::size_t> H2TlsTransport::write(asio::const_buffer buffer, boost::system::error_code& ec) {
    co_return co_await asio::async_write(stream_, buffer, asio::redirect_error(asio::use_awaitable, ec));
}

void H2TlsTransport::close() {
    boost::system::error_code ignored;
    stream_.next_layer().close(ignored);
}

namespace {
// ALPN's wire format: each protocol name after its length.
constexpr unsigned char alpn_h2[] = {2, 'h', '2'};
}  // namespace

bool offer_h2(SSL* ssl) { return SSL_set_alpn_protos(ssl, alpn_h2, sizeof alpn_h2) == 0; }

bool agreed_on_h2(const SSL* ssl) {
    const unsigned char* chosen = nullptr;
    unsigned int length = 0;
    SSL_get0_alpn_selected(ssl, &chosen, &length);
    return length == 2 && std::memcmp(chosen, "h2", 2) == 0;
}

}  // namespace throng::targets::http
