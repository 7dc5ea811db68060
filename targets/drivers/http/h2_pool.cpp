#include "targets/drivers/http/h2_pool.hpp"

#include <algorithm>

namespace throng::targets::http {

SharedH2Connection& WorkerH2Pools::next_connection(const Peer& peer, std::size_t size) {
    auto pool = std::find_if(pools_.begin(), pools_.end(),
                             [&](const Pool& p) { return p.peer == peer && p.connections.size() == size; });
    if (pool == pools_.end()) {
        Pool made{peer, {}};
        for (std::size_t i = 0; i < size; ++i)
            made.connections.push_back(std::make_unique<SharedH2Connection>(executor_));
        pools_.push_back(std::move(made));
        pool = pools_.end() - 1;
    }
    // In turn, not by VU: a worker's VU ids are not consecutive, and an open
    // model's VUs come and go.
    SharedH2Connection& next = *pool->connections[pool->next];
    pool->next = (pool->next + 1) % size;
    return next;
}

}  // namespace throng::targets::http
