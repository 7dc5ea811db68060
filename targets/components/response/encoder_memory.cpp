#include "targets/components/response/encoder_memory.hpp"

#include <cstdlib>
#include <vector>

// Under AddressSanitizer, kept blocks are poisoned: an encoder touching
// memory it released is still caught.
#if defined(__SANITIZE_ADDRESS__)
#define THRONG_KEPT_POISONED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)  // clang's way
#define THRONG_KEPT_POISONED 1
#endif
#endif
#if defined(THRONG_KEPT_POISONED)
#include <sanitizer/asan_interface.h>
#define THRONG_POISON(block, size) ASAN_POISON_MEMORY_REGION(block, size)
#define THRONG_UNPOISON(block, size) ASAN_UNPOISON_MEMORY_REGION(block, size)
#else
#define THRONG_POISON(block, size) ((void)(block), (void)(size))
#define THRONG_UNPOISON(block, size) ((void)(block), (void)(size))
#endif

namespace throng::components {

namespace {

// Each block starts with its capacity, padded to malloc's alignment.
constexpr std::size_t header = alignof(std::max_align_t) > sizeof(std::size_t) ? alignof(std::max_align_t)
                                                                               : sizeof(std::size_t);
// Smaller blocks come and go through malloc's own bins without faults.
constexpr std::size_t smallest_kept = std::size_t{16} << 10;

std::size_t& capacity_of(void* block) { return *reinterpret_cast<std::size_t*>(static_cast<char*>(block) - header); }

struct KeptBlocks {
    std::vector<void*> blocks;  // user pointers; few (an encoder's big allocations)
    std::size_t bytes = 0;

    KeptBlocks() = default;
    KeptBlocks(const KeptBlocks&) = delete;
    KeptBlocks& operator=(const KeptBlocks&) = delete;
    ~KeptBlocks() {
        for (void* block : blocks) {
            THRONG_UNPOISON(block, capacity_of(block));
            std::free(static_cast<char*>(block) - header);
        }
    }
};

thread_local KeptBlocks kept;

}  // namespace

void* encoder_allocate(std::size_t size) noexcept {
    if (size >= smallest_kept) {
        // The smallest kept block that fits and wastes at most half of itself:
        // an encoder asks for the same sizes response after response.
        std::size_t best = kept.blocks.size();
        for (std::size_t i = 0; i < kept.blocks.size(); ++i) {
            const std::size_t capacity = capacity_of(kept.blocks[i]);
            if (capacity >= size && capacity / 2 <= size &&
                (best == kept.blocks.size() || capacity < capacity_of(kept.blocks[best])))
                best = i;
        }
        if (best != kept.blocks.size()) {
            void* block = kept.blocks[best];
            kept.blocks[best] = kept.blocks.back();
            kept.blocks.pop_back();
            kept.bytes -= capacity_of(block);
            THRONG_UNPOISON(block, capacity_of(block));
            return block;
        }
    }
    if (size > static_cast<std::size_t>(-1) - header) return nullptr;
    char* raw = static_cast<char*>(std::malloc(header + size));
    if (raw == nullptr) return nullptr;
    *reinterpret_cast<std::size_t*>(raw) = size;
    return raw + header;
}

void encoder_release(void* block) noexcept {
    if (block == nullptr) return;
    const std::size_t capacity = capacity_of(block);
    if (capacity >= smallest_kept && kept.bytes + capacity <= encoder_memory_limit) {
        try {
            kept.blocks.push_back(block);
            kept.bytes += capacity;
            THRONG_POISON(block, capacity);
            return;
        } catch (...) {  // no memory for the list: free the block instead
        }
    }
    std::free(static_cast<char*>(block) - header);
}

std::size_t encoder_memory_kept() { return kept.bytes; }

}  // namespace throng::components
