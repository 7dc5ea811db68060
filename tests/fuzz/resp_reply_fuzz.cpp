// RESP replies from a hostile server: hiredis's reader with throng's reply
// objects, then the conversion checks and extractions read. Any bytes may end
// in a protocol error; none may crash, leak or read out of bounds. A reply's
// recomputed wire size never exceeds the bytes fed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include <hiredis/hiredis.h>

#include "harness/core/reply.hpp"
#include "targets/drivers/redis/reply_conversion.hpp"
#include "targets/drivers/redis/reply_objects.hpp"

namespace redis = throng::targets::redis;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    redisReader* reader = redisReaderCreateWithFunctions(redis::recycled_reply_functions());
    if (reader == nullptr) return 0;
    // The first byte splits the input in two feeds, as TCP segments would.
    const std::size_t split = size > 0 ? data[0] % (size + 1) : 0;
    const char* bytes = reinterpret_cast<const char*>(data);
    if (redisReaderFeed(reader, bytes, split) == REDIS_OK &&
        redisReaderFeed(reader, bytes + split, size - split) == REDIS_OK) {
        std::uint64_t consumed = 0;
        for (;;) {
            void* object = nullptr;
            if (redisReaderGetReply(reader, &object) != REDIS_OK || object == nullptr) break;
            const auto& reply = *static_cast<redisReply*>(object);
            throng::core::Reply out;
            redis::fill_reply(reply, 256, out);
            if (out.body.size() > 256) std::abort();
            (void)redis::reply_type_name(reply);
            consumed += redis::wire_size(reply);
            if (consumed > size) std::abort();
            redis::recycled_reply_functions()->freeObject(object);
        }
    }
    redisReaderFree(reader);
    return 0;
}
