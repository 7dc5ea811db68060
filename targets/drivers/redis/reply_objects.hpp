#pragma once
// How hiredis builds the replies it parses: our functions instead of its
// calloc + malloc per reply (and free after each callback). Reply nodes, with
// short strings inside them, are recycled on a per-thread free list; the
// layout stays hiredis's redisReply, so hiredis and reply_conversion read
// them as usual.
#include <hiredis/read.h>

namespace throng::targets::redis {

// For redisReaderCreateWithFunctions() or a context's reader->fn.
redisReplyObjectFunctions* recycled_reply_functions();

}  // namespace throng::targets::redis
