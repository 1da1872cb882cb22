// Which standard streams the test may hold as they are (descriptors.hpp).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "sandbox/descriptors.hpp"

namespace isotest::descriptors {
namespace {

TEST(StreamHandling, FilesAndBlockDevicesAreRelayed) {
    EXPECT_EQ(handling_for(S_IFREG, O_RDONLY), StreamHandling::relay);
    EXPECT_EQ(handling_for(S_IFREG, O_WRONLY | O_APPEND), StreamHandling::relay);
    EXPECT_EQ(handling_for(S_IFBLK, O_RDWR), StreamHandling::relay);
}

TEST(StreamHandling, DirectoriesAndPathDescriptorsBecomeNull) {
    EXPECT_EQ(handling_for(S_IFDIR, O_RDONLY | O_DIRECTORY), StreamHandling::null);
    EXPECT_EQ(handling_for(S_IFREG, O_PATH), StreamHandling::null);
    EXPECT_EQ(handling_for(S_IFCHR, O_PATH), StreamHandling::null);
}

TEST(StreamHandling, StreamsThatGiveNothingMoreStayAsTheyAre) {
    EXPECT_EQ(handling_for(S_IFIFO, O_RDONLY), StreamHandling::direct);
    EXPECT_EQ(handling_for(S_IFSOCK, O_RDWR), StreamHandling::direct);
    EXPECT_EQ(handling_for(S_IFCHR, O_RDWR), StreamHandling::direct);  // a terminal, /dev/null
}

}  // namespace
}  // namespace isotest::descriptors
