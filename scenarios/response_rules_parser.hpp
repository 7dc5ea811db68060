#pragma once
// A request step's "extract" (values taken out of the response into
// variables) and "checks" (named assertions on the response).
#include <span>
#include <vector>

#include "harness/core/diagnostics.hpp"
#include "harness/core/json.hpp"
#include "harness/core/reply_facet.hpp"
#include "harness/core/response_rules.hpp"

namespace throng::scenarios {

// {"token": {"json": "/token"}, "id": {"regex": "id=(\\d+)", "default": "0"}}:
// each variable takes exactly one of `json`, `regex`, `header` (optionally
// with `regex`), `status`, `body` or one of `facets` (the reply facets the
// protocols declare: {"row_count": true}). One extraction per member with a
// valid variable name, broken or not, so that what it defines is still known.
std::vector<core::Extraction> parse_extractions(const core::json::Value& node, core::Diagnostics& diags,
                                                std::span<const core::ReplyFacet> facets = {});

// {"ok": {"status": [200, 204]}, "fast": {"latency_below": "200ms", "abort": true}}:
// each check takes exactly one of `status`, `body_contains`, `body_matches`,
// `json` (with `exists` or `equals`), `header` (with `exists`, `equals` or
// `matches`), `latency_below` or one of `facets` ({"row_count": {"min": 1}},
// {"reply_type": "nil"}). One check per member, broken or not.
std::vector<core::Check> parse_checks(const core::json::Value& node, core::Diagnostics& diags,
                                      std::span<const core::ReplyFacet> facets = {});

}  // namespace throng::scenarios
