#include "targets/drivers/endpoint_cache.hpp"

#include <stdexcept>

#include <boost/asio/io_context.hpp>

namespace throng::targets {

std::shared_ptr<const Endpoints> EndpointCache::resolve(const std::string& host, int port) {
    auto& endpoints = resolved_[host + " " + std::to_string(port)];
    if (endpoints) return endpoints;
    boost::asio::io_context io;
    boost::asio::ip::tcp::resolver resolver(io);
    boost::system::error_code ec;
    const auto results = resolver.resolve(host, std::to_string(port), ec);
    if (ec) throw std::runtime_error("cannot resolve `" + host + "`: " + ec.message());
    auto found = std::make_shared<Endpoints>();
    for (const auto& entry : results) found->push_back(entry.endpoint());
    endpoints = std::move(found);
    return endpoints;
}

}  // namespace throng::targets
