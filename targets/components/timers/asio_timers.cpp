#include <chrono>
#include <functional>
#include <memory>
#include <unordered_map>
#include <utility>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "targets/components/timers/timers.hpp"

namespace throng::components {

struct AsioTimers::State {
    explicit State(const boost::asio::any_io_executor& on) : executor(on) {}
    boost::asio::any_io_executor executor;
    std::unordered_map<Id, std::unique_ptr<boost::asio::steady_timer>> pending;
    Id next_id = 1;
};

AsioTimers::AsioTimers(const boost::asio::any_io_executor& executor) : state_(std::make_shared<State>(executor)) {}

AsioTimers::~AsioTimers() {
    for (auto& [id, timer] : state_->pending)
        if (timer) timer->cancel();
    state_->pending.clear();  // the handlers hold the state, not the timers: each finds its id gone
}

namespace {

// The handler of a timer or post: runs the callback unless it was cancelled
// (its id erased) or the AsioTimers is gone.
template <class State>
auto run_unless_cancelled(std::weak_ptr<State> weak, Timers::Id id, std::function<void()> callback) {
    return [weak = std::move(weak), id, callback = std::move(callback)](auto&&...) {
        const auto state = weak.lock();
        if (!state) return;
        // Cancelled (erased) before it ran: nothing to do, whatever the error code says.
        const auto found = state->pending.find(id);
        if (found == state->pending.end()) return;
        state->pending.erase(found);  // the timer may go: its handler was moved out before this call
        callback();
    };
}

}  // namespace

Timers::Id AsioTimers::call_at(core::Nanos when, std::function<void()> callback) {
    const Id id = state_->next_id++;
    if (when <= clock_.now()) {
        // Due already: posted. A steady_timer due now still waits for the
        // reactor's timer (about 16 us a callback here); a post is a queue push.
        state_->pending.emplace(id, nullptr);
        boost::asio::post(state_->executor,
                          run_unless_cancelled(std::weak_ptr<State>(state_), id, std::move(callback)));
        return id;
    }
    auto timer = std::make_unique<boost::asio::steady_timer>(state_->executor);
    // SteadyClock reads std::chrono::steady_clock: the same epoch.
    timer->expires_at(std::chrono::steady_clock::time_point(std::chrono::nanoseconds(when)));
    auto& waiting = *timer;
    state_->pending.emplace(id, std::move(timer));
    waiting.async_wait(run_unless_cancelled(std::weak_ptr<State>(state_), id, std::move(callback)));
    return id;
}

bool AsioTimers::cancel(Id id) {
    const auto found = state_->pending.find(id);
    if (found == state_->pending.end()) return false;
    // Destroying the timer cancels its wait; the handler then finds no id.
    state_->pending.erase(found);
    return true;
}

}  // namespace throng::components
