// The one translation unit that compiles Asio's SSL support
// (BOOST_ASIO_SEPARATE_COMPILATION); only this driver uses it.
#include <boost/asio/ssl/impl/src.hpp>
