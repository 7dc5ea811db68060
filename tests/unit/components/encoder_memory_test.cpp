// The encoders' per-thread memory: a released big block goes to the next
// request of its size, small ones and those past the limit go back to
// malloc, each thread has its own, and compressing response after response
// reuses the same blocks instead of keeping more.
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "targets/components/response/compression.hpp"
#include "targets/components/response/encoder_memory.hpp"

namespace encoder_memory_test {

using throng::components::Coding;
using throng::components::compress;
using throng::components::encoder_allocate;
using throng::components::encoder_memory_kept;
using throng::components::encoder_memory_limit;
using throng::components::encoder_release;

std::string text(std::size_t n) {
    std::string s;
    for (int i = 0; s.size() < n; ++i) s += "{\"id\":" + std::to_string(i * 7919 % 100003) + ",\"name\":\"user\"},";
    return s;
}

// Runs `f` on a thread of its own, which starts with nothing kept.
template <typename F>
void on_new_thread(F f) {
    std::thread thread(f);
    thread.join();
}

TEST_CASE("encoder memory: a released big block serves the next request of its size", "[components][response]") {
    on_new_thread([] {
        CHECK(encoder_memory_kept() == 0);
        void* big = encoder_allocate(1 << 20);
        REQUIRE(big != nullptr);
        CHECK(reinterpret_cast<std::uintptr_t>(big) % alignof(std::max_align_t) == 0);
        std::memset(big, 0xab, 1 << 20);  // all of it is usable
        encoder_release(big);
        CHECK(encoder_memory_kept() == 1 << 20);
        CHECK(encoder_allocate((1 << 20) - 100) == big);  // fits, wastes little
        CHECK(encoder_memory_kept() == 0);
        encoder_release(big);
        void* other = encoder_allocate(100 << 10);  // would waste 90%: a new block
        CHECK(other != big);
        CHECK(encoder_memory_kept() == 1 << 20);
        encoder_release(other);
        CHECK(encoder_memory_kept() == (1 << 20) + (100 << 10));

        void* small = encoder_allocate(1000);  // malloc's business
        encoder_release(small);
        CHECK(encoder_memory_kept() == (1 << 20) + (100 << 10));
        encoder_release(nullptr);
    });
}

TEST_CASE("encoder memory: keeps no more than its limit a thread", "[components][response]") {
    const std::size_t kept_here = encoder_memory_kept();
    on_new_thread([] {
        std::vector<void*> blocks;
        for (std::size_t kept = 0; kept <= encoder_memory_limit; kept += 4 << 20)
            blocks.push_back(encoder_allocate(4 << 20));
        for (void* block : blocks) encoder_release(block);
        CHECK(encoder_memory_kept() <= encoder_memory_limit);
        CHECK(encoder_memory_kept() + (4 << 20) > encoder_memory_limit);
    });
    CHECK(encoder_memory_kept() == kept_here);  // each thread keeps its own
}

TEST_CASE("encoder memory: response after response reuses the same blocks", "[components][response]") {
    const std::string body = text(40000);
    for (const Coding coding : {Coding::gzip, Coding::br}) {
        INFO(to_string(coding));
        on_new_thread([&] {
            REQUIRE(compress(coding, body, {.level = 5}));
            const std::size_t after_one = encoder_memory_kept();
            CHECK(after_one > 0);
            for (int i = 0; i < 5; ++i) REQUIRE(compress(coding, body, {.level = 5}));
            CHECK(encoder_memory_kept() == after_one);
        });
    }
}

}  // namespace encoder_memory_test
