#pragma once
// The protocol part of a step, as its driver parsed it. The engine and the
// scenario parser treat it as opaque; the driver that made it reads it back.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/diagnostics.hpp"
#include "harness/core/json.hpp"
#include "harness/core/reply_facet.hpp"
#include "harness/core/template.hpp"

namespace throng::core {

class ObjectReader;

// What a target object says that only its protocol reads (a pool size, a
// statement timeout), as its StepParser parsed it. Drivers read theirs with
// options_of<T>(target) (plan.hpp).
class TargetOptions {
public:
    virtual ~TargetOptions() = default;
    // Settings that change what the figures mean, said in the summary and
    // kept in the result ("TLS certificates are not verified").
    virtual std::vector<std::string> warnings() const { return {}; }
};

class StepSpec {
public:
    virtual ~StepSpec() = default;
    // The protocol key it was parsed from ("http").
    virtual std::string_view protocol() const = 0;
    // One line for summaries ("GET /items/42").
    virtual std::string describe() const = 0;
    // The target the step names (its `target` member); empty: the one target
    // its protocol can reach.
    virtual std::string_view target_name() const { return {}; }
    // Names of the parts the step also reports on their own (a transaction's
    // statements): metrics `<step>.<part>` tagged part_of, after the step's.
    virtual std::vector<std::string> parts() const { return {}; }
};

// What a step parser is given besides the JSON: where to report problems, and
// how to turn strings with ${...} placeholders into templates.
class StepParseContext {
public:
    // A variable a template reads, and where, so the scenario parser can check
    // that something defines it.
    struct VariableUse {
        std::string name;
        json::Position position;
        std::string pointer;
    };

    // Files steps name (a body's "@data/x.json") are relative to `base_dir`,
    // the scenario file's directory.
    StepParseContext(Diagnostics& diags, EnvLookup env, std::filesystem::path base_dir = {})
        : diags_(diags), env_(std::move(env)), base_dir_(std::move(base_dir)) {}

    Diagnostics& diagnostics() { return diags_; }
    // `text` (usually at.as_string()) as a template; an error is reported at
    // `at` and gives nullopt.
    std::optional<Template> compile(const json::Value& at, std::string_view text,
                                    Template::Escape escape = Template::Escape::none);
    const std::vector<VariableUse>& uses() const { return uses_; }
    std::vector<VariableUse> take_uses() { return std::move(uses_); }
    const EnvLookup& env() const { return env_; }
    const std::filesystem::path& base_dir() const { return base_dir_; }

private:
    Diagnostics& diags_;
    EnvLookup env_;
    std::filesystem::path base_dir_;
    std::vector<VariableUse> uses_;
};

// Implemented by each driver and handed to the scenario parser, which knows no
// protocol: a step object's member named key() is given to parse().
class StepParser {
public:
    virtual ~StepParser() = default;
    virtual std::string_view key() const = 0;
    // The target URLs its steps can reach: schemes with "://" ("http://"), or
    // whole URLs ("embedded:demo").
    virtual std::vector<std::string_view> url_forms() const = 0;
    // Whether a target URL has one of those forms.
    bool reaches(std::string_view url) const {
        for (const std::string_view form : url_forms())
            if (form.ends_with("://") ? url.starts_with(form) : url == form) return true;
        return false;
    }
    // Reports problems into the context's diagnostics; returns nullptr if the step is unusable.
    virtual std::shared_ptr<const StepSpec> parse(const json::Value& node, StepParseContext& context) const = 0;
    // The facets its driver sets on replies, which checks and extractions may name.
    virtual std::vector<ReplyFacet> reply_facets() const { return {}; }
    // The namespaces of the variables its driver sets as it runs ("cookies":
    // ${cookies.NAME}), which templates may read when a target is its.
    virtual std::vector<std::string_view> variable_namespaces() const { return {}; }
    // Reads the members of a target object of one of its URL forms that only
    // this protocol knows, each through `reader` (which then knows the key and
    // reports wrong values); nullptr when it has none to read. Files they name
    // are relative to `base_dir` (the scenario file's directory).
    virtual std::shared_ptr<const TargetOptions> parse_target_options(ObjectReader& reader,
                                                                      const std::filesystem::path& base_dir) const {
        (void)reader;
        (void)base_dir;
        return nullptr;
    }
};

}  // namespace throng::core
