// Scenario files as anyone may write them: the JSON reader, --set overrides,
// the scenario language and every protocol's step parser. A file is either a
// plan or an InputError naming what is wrong; nothing else may come out.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "targets/protocols.hpp"
#include "harness/core/diagnostics.hpp"
#include "scenarios/scenario_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    // After a NUL: one --set PATH=VALUE applied to the document first.
    const std::size_t nul = input.find('\0');
    throng::scenarios::ScenarioOptions options;
    options.env = [](std::string_view name) -> std::optional<std::string> {
        if (name == "TARGET") return std::string("http://127.0.0.1:9");
        return std::nullopt;
    };
    if (nul != std::string_view::npos) options.sets.emplace_back(input.substr(nul + 1));
    try {
        (void)throng::scenarios::parse_scenario(input.substr(0, nul), "/nonexistent/fuzz.json",
                                                throng::targets::step_parsers(), options);
    } catch (const throng::core::InputError&) {}
    return 0;
}
