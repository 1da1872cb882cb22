#pragma once
// A measured command that could not start or did not exit 0: the benchmark stops on it.

#include <stdexcept>
#include <string>

namespace bench {

class LaunchError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace bench
