#include "scenarios/warmup_parser.hpp"

#include <cstdint>
#include <limits>
#include <string>

#include "harness/core/object_reader.hpp"

namespace throng::scenarios {

std::optional<core::Warmup> parse_warmup(const core::json::Value& node, core::Diagnostics& diags) {
    core::Warmup warmup;
    if (node.is_object()) {
        core::ObjectReader reader(node, diags, "warmup");
        const auto iterations = reader.integer("iterations", 1, std::numeric_limits<std::int64_t>::max(), true);
        reader.finish();
        if (!iterations) return std::nullopt;
        warmup.iterations = static_cast<std::uint64_t>(*iterations);
        return warmup;
    }
    if (const auto duration = core::duration_of(node)) {
        warmup.duration = *duration;
        return warmup;
    }
    diags.error(node, "`warmup` must be a duration (\"10s\", or a number of seconds) or {\"iterations\": N}, got " +
                          core::describe_value(node));
    return std::nullopt;
}

}  // namespace throng::scenarios
