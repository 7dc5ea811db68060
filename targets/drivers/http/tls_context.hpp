#pragma once
// An https target's TLS client settings, built once into the OpenSSL context
// its VUs' connections share.
#include <memory>
#include <optional>
#include <string>

namespace boost::asio::ssl {
class context;
}

struct ssl_st;

namespace throng::targets::http {

struct BaseUrl;

struct TlsSettings {
    std::optional<std::string> ca_pem;    // trusted CAs instead of the system's store
    std::optional<std::string> cert_pem;  // a client certificate (chain) for mutual TLS
    std::string key_pem;                  // its private key
    bool insecure = false;                // no certificate verification at all
};

// TLS 1.2 or later, the server's certificate verified (unless insecure)
// against ca_pem or the system's store (Debian's ca-certificates), the client
// certificate presented when a server asks. nullptr, and why in *error, when
// a certificate or key does not load or the key does not match.
std::shared_ptr<boost::asio::ssl::context> make_tls_context(const TlsSettings& settings, std::string* error);

// Names the server a connection's TLS expects, before its handshake: SNI for
// a host name (never an address, RFC 6066) and, if `verify_name`, the name or
// address the certificate must carry.
void expect_peer(ssl_st* ssl, const BaseUrl& server, bool verify_name);

}  // namespace throng::targets::http
