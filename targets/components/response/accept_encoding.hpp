#pragma once
// Accept-Encoding negotiation (RFC 9110 §12.5.3): which of the codings a
// server offers a client wants most.
//
// - Each listed coding has a weight q (default 1; q=0: not acceptable);
//   "*" weighs every offered coding not listed; "x-gzip" is "gzip";
//   names and "q" are case-insensitive, whitespace around parts is allowed.
// - A malformed element (a bad token, a q that is not a qvalue such as 2,
//   0.1234 or "high") is ignored; other parameters are ignored. A coding
//   listed twice gets the lower of its weights (never send what the
//   client refused somewhere).
// - The offered coding of the highest weight wins; ties go to the server's
//   order. identity competes only when the client weighs it (itself or by
//   "*"): "gzip;q=0.5, identity" gives identity, "gzip;q=0.5" gives gzip.
//   A tie between identity and a coding goes to the coding.
// - identity is refused only by "identity;q=0", or by "*;q=0" without an
//   identity entry. An empty or absent header means identity (RFC 9110 says
//   an absent header allows any coding, but clients such as curl without
//   --compressed send none and cannot decode one).
#include <span>
#include <string_view>

#include "targets/components/response/content_coding.hpp"

namespace throng::components {

struct Negotiated {
    Coding coding = Coding::identity;  // the preferred acceptable coding; identity if none of the offered
    bool identity_acceptable = true;   // false: identity;q=0, or *;q=0 without identity
    // Nothing the server can send is acceptable: identity refused and no
    // offered coding wanted. The caller may answer 406 or send identity anyway.
    bool nothing_acceptable() const { return coding == Coding::identity && !identity_acceptable; }
};

// `offered`: the server's codings, most preferred first (identity in it is ignored).
Negotiated negotiate_encoding(std::string_view accept_encoding, std::span<const Coding> offered);

}  // namespace throng::components
