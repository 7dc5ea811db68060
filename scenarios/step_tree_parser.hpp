#pragma once
// The steps of a flow, setup or teardown: requests (one protocol key, handed
// to that protocol's StepParser), pauses, groups, loops and sets of variables,
// nested as written.
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/diagnostics.hpp"
#include "harness/core/json.hpp"
#include "harness/core/object_reader.hpp"
#include "harness/core/plan.hpp"
#include "harness/core/step_spec.hpp"
#include "scenarios/references.hpp"
#include "scenarios/response_rules_parser.hpp"

namespace throng::scenarios {

// What every step reader shares: where problems go, the protocol parsers, how
// ${env.X} resolves, and where defined and read names are recorded.
struct StepInputs {
    core::Diagnostics& diags;
    std::span<const core::StepParser* const> parsers;
    core::EnvLookup env;
    References& references;
    std::filesystem::path base_dir;  // the scenario file's directory
};

// Reads the steps of one scope: a scenario (all its flows), setup or teardown.
// Request names, and group names, must be unique within the scope.
class StepTreeReader {
public:
    StepTreeReader(const StepInputs& inputs, Scope scope);

    // `key` of `owner` must be a non-empty array of steps ("`steps` in flow").
    std::vector<core::Step> read_steps(const core::json::Value& node, std::string_view key, std::string_view owner);

    // Hands what the scope's templates read to References; call once, at the end.
    void finish();

private:
    const StepInputs& inputs_;
    Scope scope_;
    core::StepParseContext templates_;
    // Per protocol (as inputs_.parsers): the facets its steps' rules may
    // name, and the other protocols' alone, refused on its steps.
    std::vector<std::vector<core::ReplyFacet>> own_facets_;
    std::vector<std::vector<ForeignFacet>> foreign_facets_;
    std::map<std::string, core::json::Position> step_names_;
    std::map<std::string, core::json::Position> group_names_;

    std::optional<core::Step> read_step(const core::json::Value& node);
    void read_request(core::ObjectReader& reader, const core::StepParser& parser, core::Step& step);
    void read_pause(core::ObjectReader& reader, core::Step& step);
    void read_group(core::ObjectReader& reader, core::Step& step);
    void read_loop(core::ObjectReader& reader, core::Step& step);
    void read_set(core::ObjectReader& reader, core::Step& step);
    void read_condition(core::ObjectReader& reader, core::Step& step);
    void read_tags(core::ObjectReader& reader, core::Step& step);
    void read_think_time(core::ObjectReader& reader, core::Step& step);
    void check_unique(std::map<std::string, core::json::Position>& names, std::string_view what,
                      const std::string& name, const core::json::Value& at);
};

}  // namespace throng::scenarios
