#include "etc_layer.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>

#include "text.hpp"

namespace testsupport {

EtcLayer::EtcLayer(const std::string& file, const std::string& content) {
    // Readable by the unprivileged invoker's user namespace, whose root is not the owner.
    if (::chmod(scratch_.path().c_str(), 0755) != 0) throw std::runtime_error("chmod " + scratch_.path().string());
    std::filesystem::create_directories((path() / file).parent_path());
    write_file(path() / file, content);
}

std::filesystem::path EtcLayer::path() const { return scratch_ / "layer"; }

std::vector<std::string> EtcLayer::wrapper(const std::string& setup) const {
    const std::string script = "cd " + sh_quote(path().string()) + " && " + setup +
                               " && mount -t overlay overlay -o lowerdir=" + path().string() + ":/etc /etc && cd / && "
                               "exec \"$@\"";
    if (::geteuid() == 0) return {"unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh"};
    return {"unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh"};
}

}  // namespace testsupport
