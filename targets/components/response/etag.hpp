#pragma once
// Entity tags (RFC 9110 §8.8.3) and If-None-Match (§13.1.2).
//
// A body's tag is a 64-bit hash of its bytes in hex, strong: "5f0c...".
// The hash (content_hash) is our own, not a cryptographic one: a server
// tags its own bodies, so nobody needs to be kept from forging a
// collision, and two versions of one resource collide with probability
// 2^-64. It runs at several GB/s, several times SHA-256's speed even with
// the CPU's SHA instructions (see the bench), which matters because a
// stateless server hashes every response it sends, including those it
// answers with 304. A deterministic function of the bytes, so every
// process of a fleet gives the same tag.
//
// A compressed variant gets the tag with the coding appended and made weak:
// W/"5f0c...-gzip". Different, so that a cache holding both variants keeps
// them apart; weak, because the compressed bytes depend on the encoder's
// version and level, which the tag does not record. If-None-Match uses the
// weak comparison, so weak tags validate as well as strong ones.
#include <cstdint>
#include <string>
#include <string_view>

#include "targets/components/response/content_coding.hpp"

namespace throng::components {

std::uint64_t content_hash(std::string_view bytes);

// "\"<16 hex digits>\"": the strong tag of a body.
std::string strong_etag(std::string_view body);

// Whether `tag` is an entity-tag: [W/] DQUOTE *etagc DQUOTE.
bool is_entity_tag(std::string_view tag);

// The tag of `coding`'s variant of the representation tagged `tag` (a valid
// entity-tag): W/"<opaque>-<coding>", or `tag` itself for identity.
std::string coded_etag(std::string_view tag, Coding coding);

// Whether an If-None-Match value lists `tag` by the weak comparison (W/
// ignored on both sides), or is "*". Malformed entries are skipped; a tag
// may contain commas.
bool none_match_hits(std::string_view if_none_match, std::string_view tag);

}  // namespace throng::components
