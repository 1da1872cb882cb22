// A host whose /etc files are symlinks or missing, for isotest to run on: a directory that a
// wrapper command stacks over /etc in a mount namespace of its own (with a user namespace of its
// own for an unprivileged invoker), after a setup run in it, before it runs isotest there.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "scratch_dir.hpp"

namespace testsupport {

class EtcLayer {
public:
    // The layer, holding `file` (a path relative to it, e.g. "stub/resolv.conf") with `content`.
    EtcLayer(const std::string& file, const std::string& content);

    // The layer's directory: /etc's top layer inside the wrapper.
    std::filesystem::path path() const;
    // RunRequest::wrapper: `setup` (shell) runs in the layer, which then goes over /etc.
    std::vector<std::string> wrapper(const std::string& setup) const;

private:
    ScratchDir scratch_;
};

}  // namespace testsupport
