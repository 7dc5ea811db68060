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

    static std::string u32(std::uint32_t v) {
        return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                static_cast<char>(v)};
    }

    // A frame (RFC 9113, 4.1).
    static std::string frame(std::uint8_t type, std::uint8_t flags, std::uint32_t stream, const std::string& payload) {
        const auto length = static_cast<std::uint32_t>(payload.size());
        return std::string{static_cast<char>(length >> 16), static_cast<char>(length >> 8), static_cast<char>(length),
                           static_cast<char>(type), static_cast<char>(flags)} +
               u32(stream) + payload;
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
        constexpr std::uint8_t headers = 1, settings = 4, goaway = 7;
        constexpr std::uint8_t ack = 1, end_stream_and_headers = 5;
        const std::string preface_settings = frame(settings, 0, 0, "");
        SSL_write(ssl.get(), preface_settings.data(), static_cast<int>(preface_settings.size()));
        std::string in;
        std::size_t at = 24;  // after the client's magic
        char chunk[4096];
        for (;;) {
            const int n = SSL_read(ssl.get(), chunk, sizeof chunk);
            if (n <= 0) break;
            in.append(chunk, static_cast<std::size_t>(n));
            auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(in[i])); };
            while (in.size() >= at + 9) {
                const std::uint32_t length = byte(at) << 16 | byte(at + 1) << 8 | byte(at + 2);
                if (in.size() < at + 9 + length) break;
                const std::uint32_t type = byte(at + 3), flags = byte(at + 4);
                const std::uint32_t stream =
                    (byte(at + 5) & 0x7f) << 24 | byte(at + 6) << 16 | byte(at + 7) << 8 | byte(at + 8);
                at += 9 + length;
                std::string reply;
                if (type == settings && (flags & ack) == 0) reply = frame(settings, ack, 0, "");
                if (type == headers) {
                    // ":status: 200" is entry 8 of HPACK's static table.
                    reply = frame(headers, end_stream_and_headers, stream, "\x88") +
                            frame(goaway, 0, 0, u32(stream) + u32(0));
                    ++requests_;
                }
                if (!reply.empty()) SSL_write(ssl.get(), reply.data(), static_cast<int>(reply.size()));
                if (type == headers) {
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
