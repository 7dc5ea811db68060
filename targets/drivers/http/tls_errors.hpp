#pragma once
// TLS failures of HTTPS connections as error classes (tls_error_classes.hpp)
// and codes that say why: a certificate the client rejected ("tls_verify",
// "cert_expired"), or a handshake that failed otherwise ("tls_handshake",
// "cert_required").
#include <optional>

#include <boost/system/error_code.hpp>

#include "harness/core/error_class.hpp"
#include "targets/drivers/tls_error_classes.hpp"

namespace throng::targets::http {

struct TlsFailure {
    core::ErrorClass error;
    core::ErrorCode code;
};

// A failed handshake, given OpenSSL's verification result for the
// connection (SSL_get_verify_result). `timed_out`: our deadline closed it.
TlsFailure classify_handshake(const boost::system::error_code& ec, long verify_result, bool timed_out);

// An error of OpenSSL's on an established connection (a server that asks for
// a client certificate refuses a TLS 1.3 client after the handshake), or
// nullopt for anything else.
std::optional<TlsFailure> classify_tls_error(const boost::system::error_code& ec);

// The server closed the connection without TLS's close_notify: to HTTP, the
// same as a plain connection's end.
bool is_truncation(const boost::system::error_code& ec);

}  // namespace throng::targets::http
