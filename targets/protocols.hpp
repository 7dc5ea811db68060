#pragma once
// Every protocol throng speaks, in one list: the step parsers the scenario
// parser is handed, the drivers the engine runs, the URL checks `validate`
// makes. The list is THRONG_PROTOCOLS in targets/CMakeLists.txt: adding a
// protocol adds its name there.
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/step_spec.hpp"
#include "harness/engine/driver.hpp"
#include "harness/engine/protocol.hpp"

namespace throng::targets {

std::span<const engine::Protocol* const> protocols();
std::span<const core::StepParser* const> step_parsers();

// Why a target URL cannot be used by the protocol whose form it has (nullopt
// when it can, or when no protocol claims it: the scenario parser says so).
std::optional<std::string> target_url_problem(std::string_view url);
// The same as a message that names the target, its password masked:
// "target `redis://:***@cache:99999`: ...".
std::optional<std::string> target_url_error(std::string_view url);

// Fresh drivers of every protocol, for one run.
class Drivers {
public:
    Drivers();
    std::span<engine::Driver* const> all() const { return pointers_; }

private:
    std::vector<std::unique_ptr<engine::Driver>> owned_;
    std::vector<engine::Driver*> pointers_;
};

}  // namespace throng::targets
