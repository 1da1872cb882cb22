#include "sandbox/uts.hpp"

#include <unistd.h>

#include "sandbox/syscall.hpp"

namespace isotest::uts {

void set_hostname(const std::string& hostname) {
    sys::check(::sethostname(hostname.data(), hostname.size()), "sethostname", hostname);
}

}  // namespace isotest::uts
