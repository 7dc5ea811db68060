#pragma once
// Suspends a VU's coroutine until something on its worker thread wakes it: a
// reply callback, a connect that settled, an abort. No timer and no
// allocation: the coroutine's completion handler is kept until then.
#include <optional>
#include <utility>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace throng::targets::redis {

class Wakeup {
public:
    explicit Wakeup(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}

    // Forgets earlier wake-ups: the next wait() suspends until wake().
    void reset() { woken_ = false; }
    bool woken() const { return woken_; }

    // Suspends (when not woken already: check woken() first, which costs no suspension).
    auto wait() {
        return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void()>(
            [this](Handler handler) {
                if (woken_)  // woken between the check and the suspension: resume at once
                    boost::asio::post(executor_, std::move(handler));
                else
                    handler_.emplace(std::move(handler));
            },
            boost::asio::use_awaitable);
    }

    // Resumes the waiting coroutine later, from the event loop: never inside
    // the caller (a hiredis callback must return before the VU goes on).
    void wake() {
        woken_ = true;
        if (!handler_) return;
        boost::asio::post(executor_, [handler = std::move(*handler_)]() mutable { handler(); });
        handler_.reset();
    }

private:
    using Handler = boost::asio::async_result<boost::asio::use_awaitable_t<>, void()>::handler_type;
    boost::asio::any_io_executor executor_;
    std::optional<Handler> handler_;
    bool woken_ = false;
};

}  // namespace throng::targets::redis
