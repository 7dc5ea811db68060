#include "harness/engine/runner.hpp"

#include "harness/engine/coordinator.hpp"

namespace throng::engine {

core::RunResult run(const core::Plan& plan, std::span<Driver* const> drivers, const EngineOptions& options) {
    Coordinator coordinator(plan, drivers, options);
    return coordinator.run();
}

}  // namespace throng::engine
