// Where the overlays keep their marks (overlay_xattrs.hpp): user.* wherever tmpfs keeps them,
// trusted.* as root before Linux 6.6, else none — and what none means, said once.
#include <gtest/gtest.h>

#include "sandbox/overlay_xattrs.hpp"

namespace isotest::overlay_xattrs {
namespace {

TEST(OverlayXattrs, UserMarksFirstThenTrustedThenNone) {
    EXPECT_EQ(choose({true, true}), Marks::user);  // the same marks whoever mounts (Linux >= 6.6)
    EXPECT_EQ(choose({true, false}), Marks::user);
    EXPECT_EQ(choose({false, true}), Marks::trusted);  // root before 6.6
    EXPECT_EQ(choose({false, false}), Marks::none);    // unprivileged before 6.6
    EXPECT_EQ(mount_option(Marks::user), ",userxattr");
    EXPECT_EQ(mount_option(Marks::trusted), "");
    EXPECT_EQ(mount_option(Marks::none), ",userxattr") << "a mount in a user namespace needs it";
}

TEST(OverlayXattrs, TheLimitationNamesTheKernelTheErrorAndTheFix) {
    const std::string text = unprivileged_limitation("6.1.0-28-amd64");
    EXPECT_EQ(text,
              "removing or renaming a directory of the host inside the sandbox fails with EIO on this kernel (Linux "
              "6.1.0-28-amd64): the overlay needs user.* extended attributes for it, which tmpfs keeps only from Linux "
              "6.6; files are not affected; fix: run isotest as root, or on Linux 6.6 or later");
    EXPECT_EQ(text.find('\n'), std::string::npos);
    EXPECT_NE(unprivileged_limitation("5.15.0-100-generic"), "");
    EXPECT_EQ(unprivileged_limitation("6.6.0"), "");
    EXPECT_EQ(unprivileged_limitation("6.18.1-amd64"), "");
    EXPECT_EQ(unprivileged_limitation("7.0"), "");
    EXPECT_EQ(unprivileged_limitation("garbage"), "") << "not understood: nothing claimed";
}

}  // namespace
}  // namespace isotest::overlay_xattrs
