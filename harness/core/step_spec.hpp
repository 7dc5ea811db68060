#pragma once
// The protocol part of a step, as its driver parsed it. The engine and the
// scenario parser treat it as opaque; the driver that made it reads it back.
#include <memory>
#include <string>
#include <string_view>

#include "harness/core/diagnostics.hpp"
#include "harness/core/json.hpp"

namespace throng::core {

class StepSpec {
public:
    virtual ~StepSpec() = default;
    // The protocol key it was parsed from ("http").
    virtual std::string_view protocol() const = 0;
    // One line for summaries ("GET /items/42").
    virtual std::string describe() const = 0;
};

// Implemented by each driver and handed to the scenario parser, which knows no
// protocol: a step object's member named key() is given to parse().
class StepParser {
public:
    virtual ~StepParser() = default;
    virtual std::string_view key() const = 0;
    // Reports problems into diags; returns nullptr if the step is unusable.
    virtual std::shared_ptr<const StepSpec> parse(const json::Value& node, Diagnostics& diags) const = 0;
};

}  // namespace throng::core
