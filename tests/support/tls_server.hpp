#pragma once
// An HTTPS server for the TLS tests: OpenSSL on blocking sockets (a thread per
// connection, on a LoopbackServer), answering every request with fixed bytes.
// It counts handshakes, the resumed ones and the failed ones, and can require
// a client certificate issued by a given CA.
#include <csignal>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "support/loopback_server.hpp"
#include "support/test_certs.hpp"

namespace throng::test {

class TlsServer {
public:
    // `client_ca_pem` non-empty: a client certificate it issued is required.
    TlsServer(const KeyAndCert& identity, std::string reply, const std::string& client_ca_pem = "")
        : ctx_(SSL_CTX_new(TLS_server_method()), SSL_CTX_free), reply_(std::move(reply)) {
        // OpenSSL writes to the socket with write(): a client that hangs up
        // right after its handshake (one that wanted HTTP/2, say) must not
        // kill the test process with SIGPIPE.
        ::signal(SIGPIPE, SIG_IGN);
        SSL_CTX* ctx = ctx_.get();
        if (!load_identity(ctx, identity)) throw std::runtime_error("TLS test server: bad certificate or key");
        if (!client_ca_pem.empty()) {
            BIO* bio = BIO_new_mem_buf(client_ca_pem.data(), static_cast<int>(client_ca_pem.size()));
            X509* ca = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
            BIO_free(bio);
            X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), ca);
            X509_free(ca);
            SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
        }
        server_ = std::make_unique<LoopbackServer>([this](int fd) { serve(fd); });
    }
    ~TlsServer() { server_.reset(); }  // its connections end before the context goes
    TlsServer(const TlsServer&) = delete;
    TlsServer& operator=(const TlsServer&) = delete;

    std::uint16_t port() const { return server_->port(); }
    std::uint64_t handshakes() const { return handshakes_; }  // completed
    std::uint64_t resumed() const { return resumed_; }        // of those, with a session resumed
    std::uint64_t failed_handshakes() const { return failed_; }
    std::uint64_t requests() const { return requests_; }

    // The certificate and key a server context shows (the HTTP/2 test server's too).
    static bool load_identity(SSL_CTX* ctx, const KeyAndCert& identity) {
        BIO* cert_bio = BIO_new_mem_buf(identity.cert_pem.data(), static_cast<int>(identity.cert_pem.size()));
        X509* cert = PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr);
        BIO_free(cert_bio);
        BIO* key_bio = BIO_new_mem_buf(identity.key_pem.data(), static_cast<int>(identity.key_pem.size()));
        EVP_PKEY* key = PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr);
        BIO_free(key_bio);
        const bool ok = cert != nullptr && key != nullptr && SSL_CTX_use_certificate(ctx, cert) == 1 &&
                        SSL_CTX_use_PrivateKey(ctx, key) == 1;
        X509_free(cert);
        EVP_PKEY_free(key);
        return ok;
    }

private:
    void serve(int fd) {
        std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx_.get()), SSL_free);
        SSL_set_fd(ssl.get(), fd);
        if (SSL_accept(ssl.get()) != 1) {
            ++failed_;
            ERR_clear_error();
            linger_close(fd);
            return;
        }
        ++handshakes_;
        if (SSL_session_reused(ssl.get()) == 1) ++resumed_;
        const bool close_after = reply_.find("Connection: close") != std::string::npos;
        std::string pending;
        char buf[4096];
        for (;;) {
            const int n = SSL_read(ssl.get(), buf, sizeof buf);
            if (n <= 0) break;  // the client left, or failed our check of its certificate
            pending.append(buf, static_cast<std::size_t>(n));
            for (auto end = pending.find("\r\n\r\n"); end != std::string::npos; end = pending.find("\r\n\r\n")) {
                pending.erase(0, end + 4);
                ++requests_;
                if (SSL_write(ssl.get(), reply_.data(), static_cast<int>(reply_.size())) <= 0) return;
                if (close_after) {
                    SSL_shutdown(ssl.get());
                    return;
                }
            }
        }
        ERR_clear_error();
    }

    // After refusing a client, reads what it still sends (a TLS 1.3 client
    // sends its request before it learns of the refusal) until it leaves, so
    // that closing does not reset the connection before it reads our alert:
    // the lingering close web servers do.
    static void linger_close(int fd) {
        ::shutdown(fd, SHUT_WR);
        char drain[4096];
        for (int i = 0; i < 100; ++i) {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 20) < 0) return;
            if ((p.revents & POLLIN) != 0 && ::recv(fd, drain, sizeof drain, 0) <= 0) return;
        }
    }

    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx_;
    std::string reply_;
    std::atomic<std::uint64_t> handshakes_{0}, resumed_{0}, failed_{0}, requests_{0};
    std::unique_ptr<LoopbackServer> server_;  // last: stops first
};

}  // namespace throng::test
