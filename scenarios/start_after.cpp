#include "scenarios/start_after.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "harness/core/object_reader.hpp"
#include "scenarios/names.hpp"

namespace throng::scenarios {

namespace {

using core::json::Value;
using std::chrono::nanoseconds;

class Resolver {
public:
    Resolver(std::vector<core::Scenario>& scenarios, const std::vector<const Value*>& nodes, core::Diagnostics& diags)
        : scenarios_(scenarios), nodes_(nodes), diags_(diags), state_(scenarios.size(), State::unvisited) {
        for (const auto& s : scenarios) names_.push_back(s.name);
    }

    void run() {
        for (std::size_t i = 0; i < scenarios_.size(); ++i) resolve(i);
    }

private:
    enum class State { unvisited, visiting, done };
    std::vector<core::Scenario>& scenarios_;
    const std::vector<const Value*>& nodes_;
    core::Diagnostics& diags_;
    std::vector<State> state_;
    std::vector<std::string> names_;
    std::vector<std::size_t> path_;  // scenarios being resolved, outermost first

    std::optional<std::size_t> index_of(const std::string& name) const {
        const auto it = std::find(names_.begin(), names_.end(), name);
        if (it == names_.end()) return std::nullopt;
        return static_cast<std::size_t>(it - names_.begin());
    }

    // The planned end of scenario i's load phase; resolves i first.
    nanoseconds end_of(std::size_t i) {
        resolve(i);
        return scenarios_[i].start_offset + scenarios_[i].load_duration();
    }

    void resolve(std::size_t i) {
        if (state_[i] == State::done) return;
        core::Scenario& scenario = scenarios_[i];
        const Value* node = i < nodes_.size() ? nodes_[i] : nullptr;
        if (node == nullptr) {
            state_[i] = State::done;
            return;
        }
        state_[i] = State::visiting;
        path_.push_back(i);
        scenario.start_after = node->is_string() ? node->as_string() : node->dump();
        const std::string what = "`start_after` in scenario " + in_backticks(scenario.name);
        const auto other = node->is_string() ? index_of(node->as_string()) : std::nullopt;
        if (other && state_[*other] == State::visiting) {
            report_cycle(*other, *node);
        } else if (other) {
            scenario.start_offset = end_of(*other);
        } else if (auto offset = core::duration_of(*node)) {
            scenario.start_offset = *offset;
        } else if (node->is_string()) {
            diags_.error(*node, what + " names no scenario " + in_backticks(node->as_string()) +
                                    suggestion(node->as_string(), names_) +
                                    " (it takes a duration like \"30s\" or the name of another scenario)");
        } else {
            diags_.error(*node, what + " must be a duration like \"30s\" or the name of another scenario, got " +
                                    core::describe_value(*node));
        }
        path_.pop_back();
        state_[i] = State::done;
    }

    // `back_to` is already being resolved: the scenarios from it to the current one wait on each other.
    void report_cycle(std::size_t back_to, const Value& at) {
        const auto from = std::find(path_.begin(), path_.end(), back_to);
        std::string cycle;
        for (auto it = from; it != path_.end(); ++it) cycle += scenarios_[*it].name + " -> ";
        cycle += scenarios_[back_to].name;
        diags_.error(at, "`start_after` forms a cycle: " + cycle + " (each scenario waits for the next)");
    }
};

}  // namespace

void resolve_start_offsets(std::vector<core::Scenario>& scenarios, const std::vector<const Value*>& nodes,
                           core::Diagnostics& diags) {
    Resolver(scenarios, nodes, diags).run();
}

}  // namespace throng::scenarios
