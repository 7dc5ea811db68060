#include "targets/drivers/http/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/ssl/context.hpp>

#include "targets/drivers/http/base_url.hpp"

namespace throng::targets::http {

namespace ssl = boost::asio::ssl;

namespace {

// OpenSSL's reason for the last failure, or `fallback`.
std::string openssl_reason(const char* fallback) {
    const unsigned long code = ERR_peek_last_error();
    ERR_clear_error();
    const char* reason = code != 0 ? ERR_reason_error_string(code) : nullptr;
    return reason != nullptr ? reason : fallback;
}

// Every certificate in `pem` (at least one) added to the context's trust store.
bool add_authorities(SSL_CTX* ctx, const std::string& pem, std::string* error) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    X509_STORE* store = SSL_CTX_get_cert_store(ctx);
    int added = 0;
    while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
        const bool ok = X509_STORE_add_cert(store, cert) == 1;
        X509_free(cert);
        if (!ok) {
            *error = "the CA certificates do not load: " + openssl_reason("unknown reason");
            return false;
        }
        ++added;
    }
    ERR_clear_error();  // the end of the PEM data
    if (added == 0) *error = "the CA file holds no PEM certificate";
    return added > 0;
}

}  // namespace

std::shared_ptr<ssl::context> make_tls_context(const TlsSettings& settings, std::string* error) {
    std::string ignored;
    if (error == nullptr) error = &ignored;
    auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
    SSL_CTX* ctx = context->native_handle();
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    if (settings.insecure) {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    } else {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
        if (settings.ca_pem) {
            if (!add_authorities(ctx, *settings.ca_pem, error)) return nullptr;
        } else if (SSL_CTX_set_default_verify_paths(ctx) != 1) {
            *error = "the system's CA certificates do not load: " + openssl_reason("unknown reason");
            return nullptr;
        }
    }
    if (settings.cert_pem) {
        boost::system::error_code ec;
        context->use_certificate_chain(boost::asio::buffer(*settings.cert_pem), ec);
        if (ec) {
            *error = "the client certificate does not load: " + ec.message();
            return nullptr;
        }
        context->use_private_key(boost::asio::buffer(settings.key_pem), ssl::context::pem, ec);
        const bool mismatch =
            ec && ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == X509_R_KEY_VALUES_MISMATCH;
        if (ec && !mismatch) {
            *error = "the client key does not load: " + ec.message();
            return nullptr;
        }
        if (mismatch || SSL_CTX_check_private_key(ctx) != 1) {
            ERR_clear_error();
            *error = "the client key does not match the client certificate";
            return nullptr;
        }
    }
    return context;
}

void expect_peer(SSL* ssl, const BaseUrl& server, bool verify_name) {
    const std::string& host = server.host;
    if (!server.host_is_address) SSL_set_tlsext_host_name(ssl, host.c_str());
    if (!verify_name) return;
    if (server.host_is_address)
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str());
    else
        SSL_set1_host(ssl, host.c_str());
}

}  // namespace throng::targets::http
