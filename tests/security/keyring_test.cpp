// Issue 12, item 3: kernel keyrings. The caller's session keyring holds credentials (Kerberos,
// ecryptfs, keyctl users); the test starts with a fresh, empty one, and nothing it adds to any
// keyring it can reach (session, user, user-session, persistent) outlives the run.
#include <gtest/gtest.h>

#include "host_processes.hpp"
#include "isotest_run.hpp"
#include "probes.hpp"
#include "text.hpp"

namespace sectest {
using namespace testsupport;

namespace {

const std::vector<std::vector<std::string>> kIdentities = {{}, {"--root"}};

// `keys hold SECRET -- WORDS...`: WORDS run with a session keyring that holds the key SECRET.
RunRequest with_callers_key(const std::string& secret, std::vector<std::string> words) {
    RunRequest request;
    request.program = probe("keys");
    request.args = {"hold", secret, "--"};
    request.args.insert(request.args.end(), words.begin(), words.end());
    return request;
}

TEST(Keyrings, TheCallersKeysAreOutOfReach) {
    const std::string secret = "isotest-secret-" + unique_token();
    // Without isotest the key is there to find: the probe can tell.
    const RunResult bare = run_isotest(with_callers_key(secret, {probe("keys"), "find", secret}));
    ASSERT_EQ(bare.exit_code, 0) << bare.describe();
    ASSERT_EQ(bare.out, "found\n") << bare.describe();
    for (const auto& identity : kIdentities) {
        std::vector<std::string> words = {isotest_binary()};
        words.insert(words.end(), identity.begin(), identity.end());
        words.insert(words.end(), {"--", probe("keys"), "find", secret});
        const RunResult r = run_isotest(with_callers_key(secret, words));
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "absent\n") << r.describe();
    }
}

TEST(Keyrings, NothingTheTestAddsOutlivesIt) {
    for (const auto& identity : kIdentities) {
        const std::string left = "isotest-left-" + unique_token();
        std::string isotest = sh_quote(isotest_binary());
        for (const auto& word : identity) isotest += " " + word;
        const std::string script = isotest + " -- " + sh_quote(probe("keys")) + " add " + left + " && " +
                                   sh_quote(probe("keys")) + " find " + left;
        const RunResult r = run_isotest(with_callers_key("isotest-unrelated", {"sh", "-c", script}));
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        // The test could add its keys (so the check below means something), and afterwards the
        // caller finds none of them.
        EXPECT_EQ(r.out, "session: added\nuser: added\nuser-session: added\npersistent: added\nabsent\n")
            << r.describe();
    }
}

}  // namespace
}  // namespace sectest
