#pragma once
// The "redis" part of a scenario step: which command to send, how many at
// once, to which target. Only the reading of the scenario lives here; the
// driver that sends it is elsewhere.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/step_spec.hpp"

namespace throng::targets::redis {

struct RedisStepSpec final : core::StepSpec {
    static constexpr int max_pipeline = 1000;

    std::vector<core::Template> words;  // the command name first; never empty
    int pipeline = 1;                   // commands sent back to back, each rendered anew
    std::string target;                 // the target's name, or "" for the one Redis target

    // No word varies between requests (then the command is formatted once).
    bool is_constant() const;
    std::string_view protocol() const override { return "redis"; }
    // "GET key:${random_int(1,100)}": the words as written.
    std::string describe() const override;
    std::string_view target_name() const override { return target; }
};

// A target's Redis options.
struct RedisTargetOptions final : core::TargetOptions {
    // Connections: 0 gives each VU its own; N > 0 shares N per worker thread
    // among its VUs, taken in turn.
    int pool = 0;
};

// The reply facet checks read as "reply_type": the reply's type ("string",
// "integer", "array", "nil", "status", ...).
inline constexpr std::string_view reply_type_facet = "reply_type";

// {"command": ["GET", "key:${id}"], "pipeline": 16, "target": "cache"}, or
// "command": "GET key:${id}" (split on spaces outside placeholders).
class RedisStepParser final : public core::StepParser {
public:
    std::string_view key() const override { return "redis"; }
    std::vector<std::string_view> url_forms() const override { return {"redis://"}; }
    std::shared_ptr<const core::StepSpec> parse(const core::json::Value& node,
                                                core::StepParseContext& context) const override;
    // pool
    std::shared_ptr<const core::TargetOptions> parse_target_options(
        core::ObjectReader& reader, const std::filesystem::path& base_dir) const override;
    std::vector<core::ReplyFacet> reply_facets() const override {
        return {{reply_type_facet,
                 core::ReplyFacet::Kind::word,
                 {"string", "integer", "array", "nil", "status", "double", "bool", "map", "set", "error"},
                 "the reply's type"}};
    }
};

// A command written as one string, cut into its words: runs of spaces or tabs
// separate them, except inside a ${...} placeholder (`${pick(a, b)}` is one word).
std::vector<std::string> split_command(std::string_view text);

}  // namespace throng::targets::redis
