#include "targets/drivers/http/h2_transport.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace throng::targets::http {

namespace asio = boost::asio;

asio::awaitable<std::size_t> H2TcpTransport::read_some(asio::mutable_buffer buffer, boost::system::error_code& ec) {
    co_return co_await socket_.async_read_some(buffer, asio::redirect_error(asio::use_awaitable, ec));
}

asio::awaitable<std::size_t> H2TcpTransport::write(asio::const_buffer buffer, boost::system::error_code& ec) {
    co_return co_await asio::async_write(socket_, buffer, asio::redirect_error(asio::use_awaitable, ec));
}

void H2TcpTransport::close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
}

}  // namespace throng::targets::http
