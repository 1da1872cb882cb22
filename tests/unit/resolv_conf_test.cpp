#include "sandbox/resolv_conf.hpp"

#include <gtest/gtest.h>

using isotest::resolv_conf::content;

constexpr const char* kHeader = "# isotest: every query is answered by isotest, and recorded (--record-network)\n";

// The host's nameservers go; its search, domain and options lines stay as the test would read them.
TEST(ResolvConf, NameserversAreReplacedTheRestKept) {
    EXPECT_EQ(content("nameserver 10.0.0.53\nsearch corp.example.org\nnameserver\t::1\noptions ndots:2 timeout:1\n",
                      "169.254.0.53"),
              std::string(kHeader) + "nameserver 169.254.0.53\nsearch corp.example.org\noptions ndots:2 timeout:1\n");
}

TEST(ResolvConf, NoHostFileStillAsksTheResponder) {
    EXPECT_EQ(content("", "169.254.0.53"), std::string(kHeader) + "nameserver 169.254.0.53\n");
    // A last line without its newline keeps its text; "nameservers" is no keyword of glibc's.
    EXPECT_EQ(content("nameservers x\n# nameserver 1.1.1.1", "169.254.0.53"),
              std::string(kHeader) + "nameserver 169.254.0.53\nnameservers x\n# nameserver 1.1.1.1\n");
}
