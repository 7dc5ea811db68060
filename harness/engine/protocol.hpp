#pragma once
// One protocol throng speaks, whole: the parser for its part of a step, what
// it checks in a target's URL, the driver that runs its steps and the error
// classes that driver files failures under. Each protocol folder under
// targets/drivers defines one; targets/protocols.cpp lists them, and the CLI,
// the C++ API and the tests all take them from there.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/error_class.hpp"
#include "harness/core/step_spec.hpp"
#include "harness/engine/driver.hpp"

namespace throng::engine {

class Protocol {
public:
    virtual ~Protocol() = default;
    // The step member it reads ("http"), its name everywhere.
    std::string_view name() const { return step_parser().key(); }
    virtual const core::StepParser& step_parser() const = 0;
    // Why a target URL of a form its steps reach (see StepParser::url_forms)
    // cannot be used — a port out of range, a query it does not take — or
    // nullopt. The scenario parser checks only the form.
    virtual std::optional<std::string> url_problem(std::string_view url) const = 0;
    // A fresh driver for one run.
    virtual std::unique_ptr<Driver> make_driver() const = 0;
    // The classes its driver files failures under besides core's own
    // (connect_refused, timeout, ...), declared when first asked.
    virtual std::vector<core::ErrorClass> error_classes() const = 0;
};

}  // namespace throng::engine
