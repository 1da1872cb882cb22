// The sandbox's /etc/hosts (src/sandbox/hosts_file.hpp): Debian's loopback names, the hostname
// on 127.0.1.1, and the host's other entries with the sandbox's names taken out.
#include "sandbox/hosts_file.hpp"

#include <gtest/gtest.h>

namespace isotest {
namespace {

constexpr const char* kOwnLoopback =
    "::1\tlocalhost ip6-localhost ip6-loopback\n"
    "ff02::1\tip6-allnodes\n"
    "ff02::2\tip6-allrouters\n";

TEST(HostsFile, DefaultHostnameIsLocalhostAndNeedsNoLineOfItsOwn) {
    EXPECT_EQ(hosts_file::content("localhost", ""),
              std::string("# isotest: the sandbox's own names, on its private loopback\n"
                          "127.0.0.1\tlocalhost\n") +
                  kOwnLoopback);
}

TEST(HostsFile, HostnameOn127011AsDebianWritesIt) {
    EXPECT_EQ(hosts_file::content("box", ""),
              std::string("# isotest: the sandbox's own names, on its private loopback\n"
                          "127.0.0.1\tlocalhost\n"
                          "127.0.1.1\tbox\n") +
                  kOwnLoopback);
    EXPECT_NE(hosts_file::content("box.example.org", "").find("\n127.0.1.1\tbox.example.org box\n"), std::string::npos);
}

TEST(HostsFile, HostEntriesFollowWithoutTheSandboxsNames) {
    const std::string host =
        "127.0.0.1\tlocalhost\n"
        "127.0.1.1\tbuildhost.example.org buildhost\n"
        "# a comment\n"
        "\n"
        "192.0.2.7 cache.example.org cache  # the build cache\n"
        "192.0.2.8 BOX other\n"
        "::1 localhost ip6-localhost ip6-loopback\n"
        "ff02::1 ip6-allnodes\n";
    const std::string text = hosts_file::content("box", host);
    const std::string tail = text.substr(text.find("# isotest: the host's /etc/hosts, less the names above\n"));
    EXPECT_EQ(tail,
              "# isotest: the host's /etc/hosts, less the names above\n"
              "127.0.1.1\tbuildhost.example.org buildhost\n"
              "# a comment\n"
              "\n"
              "192.0.2.7 cache.example.org cache  # the build cache\n"
              "192.0.2.8\tother\n");
}

TEST(HostsFile, CommentKeptWhereANameIsTakenOut) {
    const std::string text = hosts_file::content("localhost", "192.0.2.9 localhost mirror # old\n");
    EXPECT_NE(text.find("\n192.0.2.9\tmirror # old\n"), std::string::npos) << text;
}

TEST(HostsFile, LastLineWithoutNewlineAndCarriageReturns) {
    const std::string text = hosts_file::content("localhost", "192.0.2.1 a\r\n192.0.2.2 b");
    EXPECT_NE(text.find("\n192.0.2.1 a\r\n192.0.2.2 b\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace isotest
