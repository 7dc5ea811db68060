#include "targets/drivers/socket_poller.hpp"

#include <sys/epoll.h>

#include <array>
#include <cerrno>
#include <system_error>

#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>

namespace throng::targets {

namespace asio = boost::asio;

namespace {

constexpr std::size_t events_per_round = 64;

}  // namespace

// On this thread's io_context, after the caller has returned.
void SocketPoller::complete_later(Waiter waiter, boost::system::error_code ec) {
    asio::post(notifier_.get_executor(), [waiter = std::move(waiter), ec]() mutable { std::move(waiter)(ec); });
}

SocketPoller::SocketPoller(const asio::any_io_executor& executor) : notifier_(executor) {
    epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (epoll_fd_ < 0) throw std::system_error(errno, std::generic_category(), "epoll_create1");
    notifier_.assign(epoll_fd_);  // closes it when the poller ends
}

SocketPoller::~SocketPoller() = default;  // pending waiters are destroyed unrun, with what they hold

SocketPoller::Slot* SocketPoller::find(Handle handle) {
    if (!handle.valid() || handle.index >= slots_.size()) return nullptr;
    Slot& slot = slots_[handle.index];
    return slot.generation == handle.generation && slot.fd >= 0 ? &slot : nullptr;
}

SocketPoller::Handle SocketPoller::add(int fd) {
    std::uint32_t index = 0;
    if (!free_.empty()) {
        index = free_.back();
        free_.pop_back();
    } else {
        index = static_cast<std::uint32_t>(slots_.size());
        slots_.emplace_back();
    }
    Slot& slot = slots_[index];
    slot.fd = fd;
    if (slot.generation == 0) slot.generation = 1;
    Handle handle{index, slot.generation};
    if (!set_events(slot, false)) remove(handle);
    return handle;
}

void SocketPoller::remove(Handle& handle) {
    Slot* slot = find(handle);
    handle = {};
    if (slot == nullptr) return;
    if (slot->waiter) {
        complete_later(std::move(slot->waiter), asio::error::bad_descriptor);
        waiter_gone();
    }
    leave_set(*slot);
    slot->fd = -1;
    if (++slot->generation == 0) slot->generation = 1;
    free_.push_back(static_cast<std::uint32_t>(slot - slots_.data()));
}

bool SocketPoller::set_events(Slot& slot, bool write) {
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP | (write ? EPOLLOUT : 0u);
    event.data.u64 = key(static_cast<std::uint32_t>(&slot - slots_.data()), slot.generation);
    if (::epoll_ctl(epoll_fd_, slot.in_set ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, slot.fd, &event) != 0) return false;
    slot.in_set = true;
    slot.wants_write = write;
    return true;
}

void SocketPoller::leave_set(Slot& slot) {
    if (!slot.in_set) return;
    epoll_event ignored{};
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, slot.fd, &ignored);  // fails harmlessly if the fd is closed already
    slot.in_set = false;
}

void SocketPoller::start_wait(Handle handle, Interest interest, Waiter waiter) {
    Slot* slot = find(handle);
    const bool write = interest == Interest::writable;
    if (slot == nullptr || slot->waiter ||
        ((!slot->in_set || slot->wants_write != write) && !set_events(*slot, write))) {
        complete_later(std::move(waiter), asio::error::bad_descriptor);
        return;
    }
    slot->waiter.swap(waiter);  // (Boost 1.81's move assignment of any_completion_handler recurses)
    ++waiting_;
    arm();
}

void SocketPoller::interrupt(Handle handle) {
    Slot* slot = find(handle);
    if (slot == nullptr || !slot->waiter) return;
    complete_later(std::move(slot->waiter), asio::error::operation_aborted);
    waiter_gone();
}

// With nobody left waiting, nothing may stay pending on the io_context: the
// worker thread ends when it runs out of work.
void SocketPoller::waiter_gone() {
    if (--waiting_ > 0 || !armed_) return;
    boost::system::error_code ignored;
    notifier_.cancel(ignored);  // its handler finds nothing to do and does not re-arm
}

void SocketPoller::arm() {
    if (armed_ || waiting_ == 0) return;
    armed_ = true;
    notifier_.async_wait(asio::posix::descriptor_base::wait_read, [weak = weak_from_this()](boost::system::error_code) {
        if (auto self = weak.lock()) self->on_ready();
    });
}

void SocketPoller::on_ready() {
    armed_ = false;
    std::array<epoll_event, events_per_round> events;
    const int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), 0);
    woken_.clear();
    for (int i = 0; i < n; ++i) {
        const std::uint64_t data = events[static_cast<std::size_t>(i)].data.u64;
        Slot* slot = find({static_cast<std::uint32_t>(data), static_cast<std::uint32_t>(data >> 32)});
        if (slot == nullptr) continue;
        if (slot->waiter) {
            woken_.push_back(data);
        } else {
            leave_set(*slot);  // nobody waits: it would only keep waking us
        }
    }
    // The waiters run now, on this thread; one may end the last session
    // and with it this poller, so it stays alive until the loop is done.
    const auto keep_alive = shared_from_this();
    for (std::size_t i = 0; i < woken_.size(); ++i) {
        const std::uint64_t data = woken_[i];
        Slot* slot = find({static_cast<std::uint32_t>(data), static_cast<std::uint32_t>(data >> 32)});
        if (slot == nullptr || !slot->waiter) continue;
        --waiting_;
        Waiter waiter = std::move(slot->waiter);
        std::move(waiter)(boost::system::error_code());  // runs here and now (resumes a coroutine)
    }
    arm();
}

}  // namespace throng::targets
