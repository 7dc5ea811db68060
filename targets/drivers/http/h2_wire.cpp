#include "targets/drivers/http/h2_wire.hpp"

#include <openssl/ssl.h>

#include <variant>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "harness/core/ascii.hpp"
#include "targets/drivers/http/h2_tls_transport.hpp"

namespace throng::targets::http {

namespace asio = boost::asio;

struct OwnedConnection::Tls {
    Tls(asio::ip::tcp::socket& socket, asio::ssl::context& context) : stream(socket, context) {}
    TlsStream stream;
};

OwnedConnection::OwnedConnection(asio::ip::tcp::socket connected) : socket(std::move(connected)) {}
OwnedConnection::~OwnedConnection() {
    // An HTTP/2 connection ends without TLS's close_notify (as HTTP/1.1's
    // do): freeing it as if it had one keeps its session resumable for the
    // VU's next connection.
    if (tls) SSL_set_shutdown(tls->stream.native_handle(), SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
}

void* OwnedConnection::start_tls(asio::ssl::context& context) {
    tls = std::make_unique<Tls>(socket, context);
    return tls->stream.native_handle();
}

asio::awaitable<void> OwnedConnection::handshake(boost::system::error_code& ec) const {
    co_await tls->stream.async_handshake(asio::ssl::stream_base::client, asio::redirect_error(asio::use_awaitable, ec));
}

bool OwnedConnection::agreed_on_h2() const { return tls && http::agreed_on_h2(tls->stream.native_handle()); }

void OwnedConnection::close() {
    boost::system::error_code ignored;
    socket.close(ignored);
}

namespace {

// Keeps the connection (and its TLS stream) for as long as the HTTP/2
// connection's state holds the transport.
class OwningTransport final : public H2Transport {
public:
    explicit OwningTransport(std::unique_ptr<OwnedConnection> connection) : connection_(std::move(connection)) {
        if (connection_->tls)
            inner_.emplace<H2TlsTransport>(connection_->tls->stream);
        else
            inner_.emplace<H2TcpTransport>(connection_->socket);
    }
    asio::awaitable<std::size_t> read_some(asio::mutable_buffer buffer, boost::system::error_code& ec) override {
        return transport().read_some(buffer, ec);
    }
    asio::awaitable<std::size_t> write(asio::const_buffer buffer, boost::system::error_code& ec) override {
        return transport().write(buffer, ec);
    }
    void close() override { connection_->close(); }

private:
    H2Transport& transport() {
        return inner_.index() == 1 ? static_cast<H2Transport&>(std::get<1>(inner_))
                                   : static_cast<H2Transport&>(std::get<2>(inner_));
    }
    std::unique_ptr<OwnedConnection> connection_;
    std::variant<std::monostate, H2TcpTransport, H2TlsTransport> inner_;
};

}  // namespace

std::unique_ptr<H2Transport> owning_transport(std::unique_ptr<OwnedConnection> connection) {
    return std::make_unique<OwningTransport>(std::move(connection));
}

bool offer_h2_or_http1(void* ssl) {
    static constexpr unsigned char protocols[] = {2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    return SSL_set_alpn_protos(static_cast<SSL*>(ssl), protocols, sizeof protocols) == 0;
}

void h2_request_of(std::string_view bytes, bool tls, H2Request& out) {
    std::vector<H2Field>& fields = out.headers;
    out.authority = {};
    out.body = {};
    out.scheme = tls ? "https" : "http";
    const auto line_end = bytes.find("\r\n");
    const std::string_view line = bytes.substr(0, line_end);
    const auto first = line.find(' ');
    const auto second = line.find(' ', first + 1);
    out.method = line.substr(0, first);
    out.path = line.substr(first + 1, second - first - 1);
    std::size_t used = 0;
    std::size_t at = line_end == std::string_view::npos ? bytes.size() : line_end + 2;
    while (at < bytes.size()) {
        const auto end = bytes.find("\r\n", at);
        if (end == std::string_view::npos) break;
        if (end == at) {  // the blank line: the body follows
            out.body = bytes.substr(end + 2);
            break;
        }
        const std::string_view field = bytes.substr(at, end - at);
        at = end + 2;
        const auto colon = field.find(':');
        if (colon == std::string_view::npos) continue;
        const std::string_view name = field.substr(0, colon);
        std::string_view value = field.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        if (core::iequals_ascii(name, "Host")) {
            out.authority = value;
            continue;
        }
        // HTTP/2 frames the body itself.
        if (core::iequals_ascii(name, "Content-Length")) continue;
        if (used == fields.size()) fields.emplace_back();
        fields[used].first.assign(name);
        fields[used].second.assign(value);
        ++used;
    }
    fields.resize(used);
}

}  // namespace throng::targets::http
