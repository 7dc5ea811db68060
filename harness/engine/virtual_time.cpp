#include "harness/engine/virtual_time.hpp"

#include <algorithm>
#include <stdexcept>

namespace throng::engine {

void run_in_virtual_time(std::span<boost::asio::io_context* const> loops, core::FakeClock& clock,
                         std::chrono::nanoseconds limit) {
    const core::Nanos give_up = core::saturating_add(clock.now(), limit.count());
    for (;;) {
        std::size_t ran = 0;
        for (boost::asio::io_context* loop : loops) ran += loop->poll();
        if (ran > 0) continue;  // what ran may have posted work to another loop
        if (std::ranges::all_of(loops, [](const boost::asio::io_context* loop) { return loop->stopped(); })) return;
        if (clock.now() >= give_up) throw std::runtime_error("the run did not end in its virtual time limit");
        clock.advance(virtual_tick);
    }
}

}  // namespace throng::engine
