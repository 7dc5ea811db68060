#pragma once
// Every protocol throng speaks, in one place: the step parsers the scenario
// parser is handed and the drivers the engine runs.
#include <memory>
#include <span>
#include <vector>

#include "harness/core/step_spec.hpp"
#include "harness/engine/driver.hpp"

namespace throng::cli {

std::span<const core::StepParser* const> step_parsers();

// Fresh drivers for one run.
class Drivers {
public:
    Drivers();
    std::span<engine::Driver* const> all() const { return pointers_; }

private:
    std::vector<std::unique_ptr<engine::Driver>> owned_;
    std::vector<engine::Driver*> pointers_;
};

}  // namespace throng::cli
