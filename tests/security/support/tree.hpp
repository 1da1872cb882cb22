// A host directory layout for escape attempts: SCRATCH/rw (passed as --rw) next to
// SCRATCH/outside (not writable through the sandbox), with files the test will try to change.
#pragma once

#include <map>
#include <string>

#include "scratch_dir.hpp"

namespace sectest {

class EscapeTree {
public:
    EscapeTree();
    std::string rw() const { return (scratch_ / "rw").string(); }
    std::string outside() const { return (scratch_ / "outside").string(); }
    std::string root() const { return scratch_.str(); }

    // Everything under outside() and the scratch root itself (names, types, modes, bytes,
    // link targets); rw() is expected to change and is left out.
    std::map<std::string, std::string> snapshot_outside() const;

private:
    testsupport::ScratchDir scratch_;
};

// Human-readable differences between two snapshots; empty when equal.
std::string differences(const std::map<std::string, std::string>& before,
                        const std::map<std::string, std::string>& after);

}  // namespace sectest
