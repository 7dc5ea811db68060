#pragma once
// An HTTP/2 server over TLS ("h2" by ALPN) that answers one request per
// connection, a 200 without a body, then sends GOAWAY and closes: each
// request of a client makes a new connection. For tests of what carries
// over between a VU's HTTP/2 connections, TLS session resumption first:
// it counts handshakes and the resumed ones (nghttpd resumes but does not
// say so). OpenSSL on blocking sockets, a thread per connection.
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "support/h2_frames.hpp"
#include "support/loopback_server.hpp"
#include "support/test_certs.hpp"
#include "support/tls_server.hpp"

namespace throng::test {

class H2OneShotServer {
public:
    explicit H2OneShotServer(const KeyAndCert& identity) : ctx_(SSL_CTX_new(TLS_server_method()), SSL_CTX_free) {
        if (!TlsServer::load_identity(ctx_.get(), identity))
            throw std::runtime_error("HTTP/2 test server: bad certificate or key");
        SSL_CTX_set_alpn_select_cb(ctx_.get(), &select_h2, nullptr);
        server_ = std::make_unique<LoopbackServer>([this](int fd) { serve(fd); });
    }
    ~H2OneShotServer() { server_.reset(); }  // its connections end before the context goes
    H2OneShotServer(const H2OneShotServer&) = delete;
    H2OneShotServer& operator=(const H2OneShotServer&) = delete;

    std::uint16_t port() const { return server_->port(); }
    std::uint64_t handshakes() const { return handshakes_; }
    std::uint64_t resumed() const { return resumed_; }
    std::uint64_t requests() const { return requests_; }

private:
    static int select_h2(SSL*, const unsigned char** out, unsigned char* out_size, const unsigned char* offered,
                         unsigned int offered_size, void*) {
        static constexpr unsigned char h2[] = {2, 'h', '2'};
        unsigned char* chosen = nullptr;
        if (SSL_select_next_proto(&chosen, out_size, h2, sizeof h2, offered, offered_size) != OPENSSL_NPN_NEGOTIATED)
            return SSL_TLSEXT_ERR_ALERT_FATAL;
        *out = chosen;
        return SSL_TLSEXT_ERR_OK;
    }

    void serve(int fd) {
        std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx_.get()), SSL_free);
        SSL_set_fd(ssl.get(), fd);
        if (SSL_accept(ssl.get()) != 1) {
            ERR_clear_error();
            return;
        }
        ++handshakes_;
        if (SSL_session_reused(ssl.get()) == 1) ++resumed_;
        const std::string server_settings = h2::frame(h2::settings, 0, 0, "");
        SSL_write(ssl.get(), server_settings.data(), static_cast<int>(server_settings.size()));
        std::string in;
        std::size_t at = h2::client_preface_size;
        char chunk[4096];
        for (;;) {
            const int n = SSL_read(ssl.get(), chunk, sizeof chunk);
            if (n <= 0) break;
            in.append(chunk, static_cast<std::size_t>(n));
            while (const auto got = h2::next_frame(in, at)) {
                std::string reply;
                if (got->type == h2::settings && (got->flags & h2::ack) == 0)
                    reply = h2::frame(h2::settings, h2::ack, 0, "");
                if (got->type == h2::headers) {
                    reply = h2::frame(h2::headers, h2::end_stream_and_headers, got->stream, h2::status_200) +
                            h2::frame(h2::goaway, 0, 0, h2::u32(got->stream) + h2::u32(0));
                    ++requests_;
                }
                if (!reply.empty()) SSL_write(ssl.get(), reply.data(), static_cast<int>(reply.size()));
                if (got->type == h2::headers) {
                    SSL_shutdown(ssl.get());
                    return;
                }
            }
        }
        ERR_clear_error();
    }

    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx_;
    std::atomic<std::uint64_t> handshakes_{0}, resumed_{0}, requests_{0};
    std::unique_ptr<LoopbackServer> server_;  // last: stops first
};

}  // namespace throng::test
