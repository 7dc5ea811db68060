#pragma once
// A request step's "extract" (values taken out of the response into
// variables) and "checks" (named assertions on the response).
#include <span>
#include <string_view>
#include <vector>

#include "harness/core/diagnostics.hpp"
#include "harness/core/json.hpp"
#include "harness/core/reply_facet.hpp"
#include "harness/core/response_rules.hpp"

namespace throng::scenarios {

// A reply facet declared by another protocol than the step's.
struct ForeignFacet {
    std::string_view name;      // "row_count"
    std::string_view protocol;  // its step key: "postgres"
};

// The reply facets a request step's rules may name (its protocol's), and
// those only other protocols declare, refused on this step with a message
// that says whose they are (a check of one would fail on every reply).
struct FacetScope {
    std::span<const core::ReplyFacet> own;
    std::string_view protocol;  // the step's key, for messages: "http"
    std::span<const ForeignFacet> foreign;
};

// {"token": {"json": "/token"}, "id": {"regex": "id=(\\d+)", "default": "0"}}:
// each variable takes exactly one of `json`, `regex`, `header` (optionally
// with `regex`), `status`, `body` or one of the step's facets (the reply
// facets its protocol declares: {"row_count": true}). One extraction per
// member with a valid variable name, broken or not, so that what it defines
// is still known.
std::vector<core::Extraction> parse_extractions(const core::json::Value& node, core::Diagnostics& diags,
                                                const FacetScope& facets = {});

// {"ok": {"status": [200, 204]}, "fast": {"latency_below": "200ms", "abort": true}}:
// each check takes exactly one of `status`, `body_contains`, `body_matches`,
// `json` (with `exists` or `equals`), `header` (with `exists`, `equals` or
// `matches`), `latency_below` or one of the step's facets ({"row_count":
// {"min": 1}}, {"reply_type": "nil"}). One check per member, broken or not.
std::vector<core::Check> parse_checks(const core::json::Value& node, core::Diagnostics& diags,
                                      const FacetScope& facets = {});

}  // namespace throng::scenarios
