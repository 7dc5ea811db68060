#include "targets/drivers/http/tls_errors.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <string>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>

namespace throng::targets::http {

namespace asio = boost::asio;

namespace {

// Why a certificate was rejected, in a word.
std::string verify_code(long result) {
    switch (result) {
    case X509_V_ERR_CERT_HAS_EXPIRED: return "cert_expired";
    case X509_V_ERR_CERT_NOT_YET_VALID: return "not_yet_valid";
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH: return "name_mismatch";
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN: return "self_signed";
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE: return "unknown_issuer";
    case X509_V_ERR_CERT_REVOKED: return "revoked";
    case X509_V_ERR_INVALID_PURPOSE: return "bad_purpose";
    default: return "x509_" + std::to_string(result);
    }
}

// Why OpenSSL gave up, in a word: mostly the alert the server sent.
std::string ssl_code(int reason) {
    switch (reason) {
    case SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED: return "cert_required";
    case SSL_R_SSLV3_ALERT_BAD_CERTIFICATE: return "bad_cert";
    case SSL_R_TLSV1_ALERT_UNKNOWN_CA: return "unknown_ca";
    case SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED: return "cert_expired";
    case SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE: return "handshake_fail";
    case SSL_R_TLSV1_ALERT_PROTOCOL_VERSION:
    case SSL_R_UNSUPPORTED_PROTOCOL: return "version";
    case SSL_R_WRONG_VERSION_NUMBER: return "not_tls";  // a plain-text server, most likely
    case SSL_R_UNEXPECTED_EOF_WHILE_READING: return "eof";
    default: return "ssl_" + std::to_string(reason);
    }
}

bool is_openssl(const boost::system::error_code& ec) { return ec.category() == asio::error::get_ssl_category(); }

}  // namespace

TlsFailure classify_handshake(const boost::system::error_code& ec, long verify_result, bool timed_out) {
    if (timed_out) return {tls_handshake(), core::ErrorCode("timeout")};
    if (is_openssl(ec)) {
        const int reason = ERR_GET_REASON(static_cast<unsigned long>(ec.value()));
        if (reason == SSL_R_CERTIFICATE_VERIFY_FAILED && verify_result != X509_V_OK)
            return {tls_verify(), core::ErrorCode(verify_code(verify_result))};
        return {tls_handshake(), core::ErrorCode(ssl_code(reason))};
    }
    // The server closed or reset the connection in the middle of the handshake.
    if (ec == asio::error::eof || is_truncation(ec)) return {tls_handshake(), core::ErrorCode("eof")};
    if (ec == asio::error::connection_reset) return {tls_handshake(), core::ErrorCode("reset")};
    return {tls_handshake(), core::ErrorCode(ec.message().substr(0, core::ErrorCode::capacity))};
}

std::optional<TlsFailure> classify_tls_error(const boost::system::error_code& ec) {
    if (!is_openssl(ec)) return std::nullopt;
    const int reason = ERR_GET_REASON(static_cast<unsigned long>(ec.value()));
    return TlsFailure{tls_handshake(), core::ErrorCode(ssl_code(reason))};
}

bool is_truncation(const boost::system::error_code& ec) { return ec == asio::ssl::error::stream_truncated; }

}  // namespace throng::targets::http
