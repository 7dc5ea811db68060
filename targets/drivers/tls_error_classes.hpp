#pragma once
// The error classes of TLS failures, shared by the protocols that speak TLS
// (HTTPS, PostgreSQL's sslmode): a certificate the client refused, or a
// handshake that failed otherwise. Their codes say why.
#include "harness/core/error_class.hpp"

namespace throng::targets {

inline core::ErrorClass tls_handshake() { return core::declared_class<"tls_handshake">(); }
inline core::ErrorClass tls_verify() { return core::declared_class<"tls_verify">(); }

}  // namespace throng::targets
