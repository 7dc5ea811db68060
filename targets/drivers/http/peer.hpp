#pragma once
// Where a connection goes: a target's resolved endpoints and TLS context
// (null for plain HTTP), compared by identity. A connection is reused only
// for requests to the same peer.
namespace throng::targets::http {

struct Peer {
    const void* endpoints = nullptr;
    const void* tls = nullptr;
    friend bool operator==(const Peer&, const Peer&) = default;
};

}  // namespace throng::targets::http
