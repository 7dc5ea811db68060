#pragma once
// The interface every protocol driver implements. The engine knows drivers
// only through it: it asks a driver to prepare each of its steps once, to open
// a session (connections) per virtual user, and to execute a prepared step in
// a session as an awaitable that yields an Outcome and never throws.
#include <cassert>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "harness/core/outcome.hpp"
#include "harness/core/plan.hpp"
#include "harness/core/reply.hpp"
#include "harness/core/response_rules.hpp"
#include "harness/core/template.hpp"
#include "harness/core/variables.hpp"
#include "harness/engine/watchdog.hpp"

namespace throng::engine {

// A step made ready to run: whatever can be computed once (serialized
// request bytes, parsed addresses) is computed here, not per request. Each
// driver derives its own; its sessions receive them typed (SessionOf).
class PreparedStep {
public:
    virtual ~PreparedStep() = default;
};

// A measurement beyond the one execute() returns: another command of a
// pipeline (part 0, the step itself) or part i (1-based) of the step's
// StepSpec::parts().
struct PartOutcome {
    std::size_t part = 0;
    core::Outcome outcome;
};

struct SessionContext {
    boost::asio::any_io_executor executor;  // the VU's worker thread
    Watchdog& watchdog;                     // enforces the session's deadlines
    int vu_id = 0;
};

// What a step reads and writes as it runs: the VU's values for the step's
// templates, the reply to fill when extractions or checks read it (null
// otherwise: then nothing of the response is kept), and where to add the
// step's other measurements (emptied by the engine before each step; the
// returned Outcome is the step's own), and the VU's variables, for drivers
// that publish values of their own under a namespace they declare
// (StepParser::variable_namespaces: HTTP's cookies.NAME).
struct StepIo {
    const core::TemplateScope& scope;
    core::Reply* reply;
    std::vector<PartOutcome>& more;
    core::Variables* variables = nullptr;
};

// One VU's connection(s) to a target. Used from its worker thread only.
class Session {
public:
    virtual ~Session() = default;
    // Runs one step. Failures come back classified in the Outcome.
    virtual boost::asio::awaitable<core::Outcome> execute(const PreparedStep& step, const StepIo& io) = 0;
    // Aborts what the session is doing now (the VU is being cut at the end of
    // a graceful stop); the pending execute() completes soon after.
    virtual void abort() = 0;
};

// A session of a driver whose prepared steps are `Prepared`. The engine hands
// a session only the steps its own driver prepared (CompiledPlan pairs them by
// driver), so the one downcast is made here, and checked in debug builds.
template <class Prepared>
class SessionOf : public Session {
public:
    boost::asio::awaitable<core::Outcome> execute(const PreparedStep& step, const StepIo& io) final {
        assert(dynamic_cast<const Prepared*>(&step) != nullptr);
        return run_step(static_cast<const Prepared&>(step), io);
    }

protected:
    virtual boost::asio::awaitable<core::Outcome> run_step(const Prepared& step, const StepIo& io) = 0;
};

class Driver {
public:
    virtual ~Driver() = default;
    virtual std::string_view protocol() const = 0;
    // Whether its steps can reach this target (by the URL's scheme).
    virtual bool serves(const core::Target& target) const = 0;
    // `needs`: what of the response the step's extractions and checks read.
    // Throws std::runtime_error (with a message for the user) on a setup error.
    virtual std::unique_ptr<PreparedStep> prepare(const core::Step& step, const core::Target& target,
                                                  const core::ReplyNeeds& needs) = 0;
    virtual std::unique_ptr<Session> open_session(const SessionContext& context) = 0;
};

}  // namespace throng::engine
