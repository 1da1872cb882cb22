// Probe: the kernel keyrings the test can reach.
//   keys find DESCRIPTION            -- "found" if a "user" key of that description is
//                                       reachable from the test's keyrings, else "absent"
//   keys add DESCRIPTION             -- adds a "user" key to the session, user, user-session
//                                       and persistent keyrings; prints one line per keyring
//   keys session                     -- the session keyring's serial number
//   keys hold DESCRIPTION -- CMD...  -- joins a new session keyring holding a "user" key of
//                                       that description (a caller's credential), runs CMD
#include <linux/keyctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

long keyctl(int operation, unsigned long a = 0, unsigned long b = 0, unsigned long c = 0, unsigned long d = 0) {
    return ::syscall(SYS_keyctl, operation, a, b, c, d);
}

long add_key(const std::string& description, long keyring) {
    static const char payload[] = "secret";
    return ::syscall(SYS_add_key, "user", description.c_str(), payload, sizeof payload - 1, keyring);
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "find" && argc == 3) {
        const long persistent = keyctl(KEYCTL_GET_PERSISTENT, static_cast<unsigned long>(-1), KEY_SPEC_SESSION_KEYRING);
        for (const long keyring : {static_cast<long>(KEY_SPEC_SESSION_KEYRING), static_cast<long>(KEY_SPEC_USER_KEYRING),
                                   static_cast<long>(KEY_SPEC_USER_SESSION_KEYRING),
                                   static_cast<long>(KEY_SPEC_PROCESS_KEYRING), static_cast<long>(KEY_SPEC_THREAD_KEYRING),
                                   persistent}) {
            if (keyring == -1) continue;
            const long key = ::syscall(SYS_keyctl, KEYCTL_SEARCH, keyring, "user", argv[2], 0);
            if (key >= 0) {
                std::printf("found\n");
                return 0;
            }
        }
        std::printf("absent\n");
        return 0;
    }
    if (mode == "add" && argc == 3) {
        const long persistent = keyctl(KEYCTL_GET_PERSISTENT, static_cast<unsigned long>(-1), KEY_SPEC_SESSION_KEYRING);
        const struct {
            const char* name;
            long keyring;
        } targets[] = {{"session", KEY_SPEC_SESSION_KEYRING},
                       {"user", KEY_SPEC_USER_KEYRING},
                       {"user-session", KEY_SPEC_USER_SESSION_KEYRING},
                       {"persistent", persistent}};
        for (const auto& target : targets) {
            const long key = target.keyring == -1 ? -1 : add_key(argv[2], target.keyring);
            std::printf("%s: %s\n", target.name, key >= 0 ? "added" : std::strerror(errno));
        }
        return 0;
    }
    if (mode == "hold" && argc > 4 && std::strcmp(argv[3], "--") == 0) {
        if (keyctl(KEYCTL_JOIN_SESSION_KEYRING, reinterpret_cast<unsigned long>("isotest-caller")) < 0 ||
            add_key(argv[2], KEY_SPEC_SESSION_KEYRING) < 0) {
            std::perror("keys hold");
            return 2;
        }
        ::execvp(argv[4], argv + 4);
        std::perror("keys hold: exec");
        return 127;
    }
    if (mode == "session") {
        std::printf("%ld\n", keyctl(KEYCTL_GET_KEYRING_ID, static_cast<unsigned long>(KEY_SPEC_SESSION_KEYRING), 0));
        return 0;
    }
    std::fprintf(stderr, "usage: keys find|add DESCRIPTION | keys session\n");
    return 2;
}
