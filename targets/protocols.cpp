#include "targets/protocols.hpp"

#include "harness/core/redact.hpp"
#include "targets/protocol_list.hpp"  // generated: THRONG_PROTOCOLS in targets/CMakeLists.txt

namespace throng::targets {

std::span<const engine::Protocol* const> protocols() {
    static const std::span<const engine::Protocol* const> all = listed_protocols();
    // Every protocol's error classes declared before any run: never first on
    // a worker thread, and never crowded out by names read from results.
    static const bool declared = [] {
        for (const engine::Protocol* p : all) p->error_classes();
        return true;
    }();
    (void)declared;
    return all;
}

std::span<const core::StepParser* const> step_parsers() {
    static const std::vector<const core::StepParser*> all = [] {
        std::vector<const core::StepParser*> parsers;
        for (const engine::Protocol* p : protocols()) parsers.push_back(&p->step_parser());
        return parsers;
    }();
    return all;
}

std::optional<std::string> target_url_problem(std::string_view url) {
    for (const engine::Protocol* p : protocols())
        if (p->step_parser().reaches(url)) return p->url_problem(url);
    return std::nullopt;
}

std::optional<std::string> target_url_error(std::string_view url) {
    if (auto why = target_url_problem(url)) return "target `" + core::redact_password(url) + "`: " + *why;
    return std::nullopt;
}

Drivers::Drivers() {
    for (const engine::Protocol* p : protocols()) owned_.push_back(p->make_driver());
    for (const auto& driver : owned_) pointers_.push_back(driver.get());
}

}  // namespace throng::targets
