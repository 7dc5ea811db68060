#include "targets/drivers/redis/reply_objects.hpp"

#include <cstddef>
#include <cstdlib>
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

struct Node {
    redisReply reply;  // first: a redisReply* is a Node*
    Node* next_free;
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

// An element of an array being parsed goes into its parent's slot.
void* attach(const redisReadTask* task, Node* node) {
    if (task->parent != nullptr) {
        auto* parent = static_cast<redisReply*>(task->parent->obj);
        parent->element[task->idx] = &node->reply;
    }
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
    if (elements > 0) {
        node->reply.element =
            static_cast<redisReply**>(std::calloc(static_cast<std::size_t>(elements), sizeof(redisReply*)));
        if (node->reply.element == nullptr) {
            free_nodes.give(node);
            return nullptr;
        }
    }
    node->reply.type = REDIS_REPLY_ARRAY;
    node->reply.elements = static_cast<std::size_t>(elements);
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
        for (std::size_t i = 0; i < reply->elements; ++i)
            if (reply->element != nullptr) free_object(reply->element[i]);
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
