#include "targets/drivers/redis/reply_objects.hpp"

#include <cstddef>
#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <new>
#include <utility>

#include <hiredis/hiredis.h>

namespace throng::targets::redis {

namespace {

// Short enough for keys, counters and small values; longer strings are malloc'ed.
constexpr std::size_t inline_text = 64;
// Replies are freed right after their callback, so few nodes are ever out at
// once; a bound keeps a burst of large arrays from pinning memory.
constexpr std::size_t max_free_nodes = 1024;
// An array's element slots are reserved up to this many when its header
// arrives and grown as elements do: a hostile "*2147483647\r\n" must not
// reserve 16 GB that its elements never fill.
constexpr std::size_t slots_reserved_up_front = 1024;

struct Node {
    redisReply reply;  // first: a redisReply* is a Node*
    Node* next_free;
    std::size_t slots;  // arrays: element slots allocated
    char text[inline_text];
};

class FreeNodes {
public:
    ~FreeNodes() {
        while (head_ != nullptr) delete std::exchange(head_, head_->next_free);
    }
    Node* take() {
        Node* node = head_;
        if (node != nullptr) {
            head_ = node->next_free;
            --count_;
        } else {
            node = new (std::nothrow) Node;
            if (node == nullptr) return nullptr;
        }
        node->reply = redisReply{};
        node->slots = 0;
        return node;
    }
    void give(Node* node) {
        if (count_ >= max_free_nodes) {
            delete node;
            return;
        }
        node->next_free = head_;
        head_ = node;
        ++count_;
    }

private:
    Node* head_ = nullptr;
    std::size_t count_ = 0;
};

thread_local FreeNodes free_nodes;

Node* node_of(redisReply* reply) { return reinterpret_cast<Node*>(reply); }

void free_object(void* object);

// An element of an array being parsed goes into its parent's slot, growing the
// slots (doubling, up to the declared count) as elements arrive. While an
// array is parsed its `elements` counts the elements attached so far, so
// freeing an unfinished one visits only those; complete, it is the declared
// count. Fails (the node is freed) only when memory runs out.
void* attach(const redisReadTask* task, Node* node) {
    if (task->parent == nullptr) return &node->reply;
    Node* parent = node_of(static_cast<redisReply*>(task->parent->obj));
    const auto index = static_cast<std::size_t>(task->idx);
    if (index >= parent->slots) {
        const auto declared = static_cast<std::size_t>(task->parent->elements);
        const std::size_t wanted = std::min(declared, std::max(index + 1, parent->slots * 2));
        auto* grown = static_cast<redisReply**>(std::realloc(parent->reply.element, wanted * sizeof(redisReply*)));
        if (grown == nullptr) {
            free_object(&node->reply);
            return nullptr;
        }
        parent->reply.element = grown;
        parent->slots = wanted;
    }
    parent->reply.element[index] = &node->reply;
    parent->reply.elements = index + 1;
    return &node->reply;
}

void* create_string(const redisReadTask* task, char* text, std::size_t length) {
    Node* node = free_nodes.take();
    if (node == nullptr) return nullptr;
    char* copy = length < inline_text ? node->text : static_cast<char*>(std::malloc(length + 1));
    if (copy == nullptr) {
        free_nodes.give(node);
        return nullptr;
    }
    std::memcpy(copy, text, length);
    copy[length] = '\0';
    node->reply.type = task->type;  // string, status or error
    node->reply.str = copy;
    node->reply.len = length;
    return attach(task, node);
}

void* create_array(const redisReadTask* task, int elements) {
    Node* node = free_nodes.take();
    if (node == nullptr) return nullptr;
    node->slots = std::min(static_cast<std::size_t>(std::max(elements, 0)), slots_reserved_up_front);
    if (node->slots > 0) {
        node->reply.element = static_cast<redisReply**>(std::malloc(node->slots * sizeof(redisReply*)));
        if (node->reply.element == nullptr) {
            free_nodes.give(node);
            return nullptr;
        }
    }
    node->reply.type = REDIS_REPLY_ARRAY;
    node->reply.elements = 0;  // counts attached elements until complete
    return attach(task, node);
}

void* create_integer(const redisReadTask* task, long long value) {
    Node* node = free_nodes.take();
    if (node == nullptr) return nullptr;
    node->reply.type = REDIS_REPLY_INTEGER;
    node->reply.integer = value;
    return attach(task, node);
}

void* create_nil(const redisReadTask* task) {
    Node* node = free_nodes.take();
    if (node == nullptr) return nullptr;
    node->reply.type = REDIS_REPLY_NIL;
    return attach(task, node);
}

void free_object(void* object) {
    auto* reply = static_cast<redisReply*>(object);
    if (reply == nullptr) return;
    Node* node = node_of(reply);
    if (reply->type == REDIS_REPLY_ARRAY) {
        for (std::size_t i = 0; i < reply->elements; ++i) free_object(reply->element[i]);
        std::free(reply->element);
    } else if (reply->str != nullptr && reply->str != node->text) {
        std::free(reply->str);
    }
    free_nodes.give(node);
}

redisReplyObjectFunctions functions = {create_string, create_array, create_integer, create_nil, free_object};

}  // namespace

redisReplyObjectFunctions* recycled_reply_functions() { return &functions; }

}  // namespace throng::targets::redis
