#pragma once
// Host names resolved once per host and port, before the load starts, so that
// no VU waits on a name lookup, and shared by every step that reaches them.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

namespace throng::targets {

using Endpoints = std::vector<boost::asio::ip::tcp::endpoint>;

class EndpointCache {
public:
    // Throws std::runtime_error ("cannot resolve `host`: why") when the name
    // has no address.
    std::shared_ptr<const Endpoints> resolve(const std::string& host, int port);

private:
    std::map<std::string, std::shared_ptr<const Endpoints>> resolved_;  // by "host port"
};

}  // namespace throng::targets
