#include "isotest/spec.hpp"

namespace isotest {

std::string to_string(NetMode mode) {
    switch (mode) {
        case NetMode::loopback: return "loopback";
        case NetMode::none: return "none";
        case NetMode::host: return "host";
    }
    return "?";
}

std::string to_string(FsMode mode) {
    switch (mode) {
        case FsMode::overlay: return "overlay";
        case FsMode::readonly: return "readonly";
    }
    return "?";
}

}  // namespace isotest
