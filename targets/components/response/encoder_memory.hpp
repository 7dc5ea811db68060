#pragma once
// Memory for the encoders (zlib's z_stream, brotli's encoder), kept warm per
// thread. Each response gets a new encoder, which allocates its window,
// hash tables and buffers (0.3 MB for zlib, several MB for brotli) and frees
// them at the end. From malloc, those blocks are fresh pages every time
// (brotli's big ones are mmapped, zlib's are trimmed from the heap when
// freed), and faulting them in costs more than compressing: on the bench's
// 50 KB JSON, gzip level 1 took 600 us instead of 240, br quality 1 930 us
// instead of 140. Here the blocks an encoder frees are kept, up to
// `encoder_memory_limit` bytes a thread, and handed to the next encoder of
// the same thread. Thread-safe: each thread has its own blocks, freed when
// it ends.
#include <cstddef>

namespace throng::components {

inline constexpr std::size_t encoder_memory_limit = std::size_t{32} << 20;

// The allocator of an encoder: blocks of at least `size` bytes, aligned
// like malloc's. Throws nothing: nullptr when out of memory.
void* encoder_allocate(std::size_t size) noexcept;
void encoder_release(void* block) noexcept;

// The bytes this thread keeps for its next encoder (for tests and diagnostics).
std::size_t encoder_memory_kept();

}  // namespace throng::components
