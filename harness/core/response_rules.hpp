#pragma once
// Extractions and checks a step applies to its response, and their evaluation.
// Protocol-neutral: they only read a Reply, which each driver fills.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/clock.hpp"
#include "harness/core/pattern.hpp"
#include "harness/core/reply.hpp"

namespace throng::core {

// Takes a value out of a response into a VU variable (e.g. a token for later requests).
struct Extraction {
    enum class Source { json, regex, header, status, body, facet };  // facet: one its protocol declares
    std::string variable;
    Source source = Source::json;
    std::string path;     // json: RFC 6901 pointer ("/data/token", "" = whole document); header, facet: its name
    std::string pattern;  // regex (RE2 syntax, see pattern.hpp): on the body for Source::regex, on the header's value
                          // if set for Source::header
    int group = 1;        // regex capture group; 0 = whole match
    std::optional<std::string> fallback;      // used when nothing is found; without it the variable is left unset
    std::shared_ptr<const Pattern> compiled;  // built by compile_pattern()
};

// A named assertion on a response; failures are counted per check, never stop the load by themselves.
struct Check {
    enum class Kind {
        status_in,
        body_contains,
        body_matches,
        json_exists,
        json_missing,
        json_equals,
        header_exists,
        header_equals,
        header_matches,
        latency_below,
        facet_between,  // a count facet (`facet`) is within [min_count, max_count]
        facet_is
    };  // a word facet (`facet`) is `text` ("integer", "nil", ...)
    std::string name;
    Kind kind = Kind::status_in;
    std::vector<int> statuses;  // status_in
    std::string text;   // body_contains: the needle; header_*: the header name; json_*: the pointer; facet_is: the word
    std::string facet;  // facet_*: the facet's name (ReplyFacet::name)
    std::string pattern;        // body_matches, header_matches (RE2 syntax, search not full match)
    std::string expected_json;  // json_equals: compact JSON of the expected value; header_equals: the exact text
    Nanos bound = 0;            // latency_below: service time must be < bound (ns)
    std::int64_t min_count = 0, max_count = 0;  // facet_between, inclusive
    bool abort = false;                         // a failure ends the iteration
    std::shared_ptr<const Pattern> compiled;
};

// Compiles the pattern (throws std::runtime_error with the regex error text on a bad pattern).
// Called once when the scenario is loaded: evaluate() never compiles, and a rule whose
// pattern was not compiled finds nothing (extraction) or fails (check).
void compile_pattern(Extraction& e);
void compile_pattern(Check& c);

// Whether a step needs the body and which headers (lowercased, unique) — so drivers capture only those.
struct ReplyNeeds {
    bool status = false;
    bool body = false;
    std::vector<std::string> headers;  // in order of first mention
    std::vector<std::string> facets;   // the protocol's facets read, each once
    bool any() const { return status || body || !headers.empty() || !facets.empty(); }
    bool reads_facet(std::string_view name) const {
        return std::find(facets.begin(), facets.end(), name) != facets.end();
    }
};
ReplyNeeds reply_needs(const std::vector<Extraction>&, const std::vector<Check>&);

// Evaluates a step's extractions and checks against one response, parsing a JSON body at most once.
struct RuleResults {
    std::vector<std::optional<std::string>> extracted;  // per extraction: the value (fallback applied), or nullopt
    std::vector<bool> passed;                           // per check
    bool abort = false;                                 // a failed check had abort set
};
// `responded` false (no response: connection error, timeout) makes every check fail and every
// extraction use its fallback. latency = the step's service time in ns.
// `out` is overwritten; reusing one RuleResults per VU keeps its allocations.
void evaluate(const std::vector<Extraction>& extractions, const std::vector<Check>& checks, const Reply& reply,
              bool responded, Nanos latency, RuleResults& out);

}  // namespace throng::core
