#include "cli/doctor.hpp"

#include <linux/mount.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>

#include "isotest/exit_codes.hpp"
#include "sandbox/apparmor.hpp"
#include "sandbox/cgroup.hpp"
#include "sandbox/diagnose.hpp"
#include "sandbox/id_map_helpers.hpp"
#include "sandbox/identity.hpp"
#include "sandbox/kernel_release.hpp"
#include "sandbox/launch.hpp"
#include "sandbox/supervisor.hpp"
#include "sandbox/mount_ops.hpp"
#include "sandbox/net.hpp"
#include "sandbox/net_responder.hpp"
#include "sandbox/overlay_xattrs.hpp"
#include "sandbox/syscall.hpp"
#include "sandbox/uts.hpp"

namespace isotest::cli {

namespace {

struct CheckResult {
    bool ok;
    std::string detail;
};

// Runs `probe` in a child cloned into `flags` and a new user namespace, launched as a default
// sandbox's init is (launch.hpp, identity.hpp): its ids mapped by us as root, by itself
// otherwise. A check so changes nothing on the host. The child reports its error text through
// a pipe.
CheckResult probe_in_namespaces(unsigned long flags, const std::function<void()>& probe) {
    try {
        const identity::Identity identity = identity::establish(SandboxSpec{});
        sys::Pipe pipe = sys::make_pipe();
        sys::Pipe released;
        if (identity.mapped_by_supervisor()) released = sys::make_pipe();
        const pid_t pid = launch::clone_child(flags | CLONE_NEWUSER, "a probe's namespaces", [&] {
            pipe.read_end.reset();
            released.write_end.reset();
            try {
                identity::take_ids(identity, released.read_end.release(), identity.invoker_uid, identity.invoker_gid);
                probe();
                ::_exit(0);
            } catch (const SyscallError& error) {
                sys::write_all(pipe.write_end.get(), diagnose::namespace_failure(error.what(), error.error_number()));
            } catch (const std::exception& error) {
                sys::write_all(pipe.write_end.get(), error.what());
            }
            ::_exit(1);
        });
        pipe.write_end.reset();
        if (identity.mapped_by_supervisor()) {
            try {
                identity::write_maps(pid, identity, false, {pid});
            } catch (const Error&) {
                ::waitpid(pid, nullptr, 0);
                throw;
            }
            released.write_end.reset();
        }
        std::string message;
        char buffer[1024];
        for (ssize_t n; (n = ::read(pipe.read_end.get(), buffer, sizeof buffer)) > 0;) {
            message.append(buffer, static_cast<std::size_t>(n));
        }
        int status = 0;
        ::waitpid(pid, &status, 0);
        const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        return {ok, ok ? "" : (message.empty() ? "the probe failed" : message)};
    } catch (const Error& error) {
        return {false, error.what()};
    }
}

void scratch_tmpfs() {
    sys::check(::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr), "mount --make-rprivate", "/");
    mount_ops::mount_fs("tmpfs", "/tmp", 0, "size=1m");
}

// Whether a test may remove or rename a directory of the host: overlayfs marks that in an
// extended attribute on the tmpfs of the upper layers (overlay_xattrs.hpp), user.* in a user
// namespace, trusted.* where isotest runs as root and mounts the view before its user namespace.
CheckResult check_directory_removal() {
    const CheckResult user_marks = probe_in_namespaces(CLONE_NEWNS, [] {
        scratch_tmpfs();
        if (!overlay_xattrs::probe("/tmp").user) throw Error(overlay_xattrs::limitation(kernel_release::running()));
    });
    if (user_marks.ok) return {true, "tmpfs keeps user.* extended attributes, which the overlay needs for it"};
    if (::geteuid() == 0 && user::has_cap_sys_admin() && user::maps_every_id(user::read_own_maps().uid)) {
        return {true, "as root: the overlay keeps its marks in trusted.* extended attributes (tmpfs keeps user.* "
                      "ones only from Linux 6.6)"};
    }
    return user_marks;
}

CheckResult check_fresh_proc() {
    // The new PID namespace takes effect for children: fork once more to mount proc from inside.
    return probe_in_namespaces(CLONE_NEWNS | CLONE_NEWPID, [] {
        scratch_tmpfs();
        const pid_t child = ::fork();
        if (child < 0) throw SyscallError("fork", "", errno);
        if (child == 0) {
            ::_exit(::mount("proc", "/tmp", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) == 0 ? 0 : errno);
        }
        int status = 0;
        ::waitpid(child, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            throw SyscallError("mount proc", "/proc", WIFEXITED(status) ? WEXITSTATUS(status) : EIO);
        }
    });
}

// Makes (and removes) the cgroups a run with --memory and --max-procs would get.
CheckResult check_cgroup_limits() {
    SandboxSpec spec;
    spec.memory_bytes = 1ull << 30;
    spec.max_procs = 1000;
    std::vector<std::string> notes;
    const cgroup::SandboxCgroups cgroups = cgroup::SandboxCgroups::create(spec, notes);
    std::string why;
    for (const auto& note : notes) why += (why.empty() ? "" : "; ") + note;
    if (!cgroups.active()) {
        return {false, "no writable cgroup with a memory or pids controller: --memory/--max-procs are rlimits only" +
                           (why.empty() ? std::string() : " (" + why + ")")};
    }
    return {true, cgroups.description() + (why.empty() ? "" : "; " + why)};
}

// Whether --record-network can work: the responder's interface, made as a run makes it, in a
// network namespace of the probe's own (the namespace and the device go with it).
CheckResult check_network_recorder() {
    const CheckResult result = probe_in_namespaces(CLONE_NEWNET, [] {
        net::bring_up_loopback();
        try {
            net_responder::create_interface(true);
        } catch (const SyscallError& error) {
            throw Error(diagnose::tun_unusable(error.what(), error.error_number()));
        }
    });
    if (!result.ok) return result;
    return {true, "network attempts are recorded and refused at once (--record-network, on with a report or -v)"};
}

CheckResult check_default_run() {
    SandboxSpec spec;
    spec.command = {"/bin/true"};
    spec.executable = "/bin/true";
    spec.cwd = "/";
    const Outcome outcome = run_sandboxed(spec);
    if (outcome.kind == OutcomeKind::exited && outcome.exit_code == 0) return {true, ""};
    return {false, outcome.message.empty() ? "/bin/true did not exit 0" : outcome.message};
}

// Whether --map-subids can work for us, tried with a real run when it can.
CheckResult check_subordinate_ids() {
    if (::geteuid() == 0) return {true, "not needed: run as root, isotest maps every id"};
    std::string why_not;
    const auto plan = id_map_helpers::plan(::getuid(), ::getgid(), ::getuid(), ::getgid(), why_not);
    if (!plan) return {false, why_not + "; without them chown to root or setuid(0) fail with EINVAL, not EPERM"};
    std::string uid_map;
    for (const auto& range : plan->maps.uid) {
        uid_map += (uid_map.empty() ? "" : ", ") + std::to_string(range.inside) + " " + std::to_string(range.outside) +
                   " " + std::to_string(range.count);
    }
    SandboxSpec spec;
    spec.command = {"/bin/true"};
    spec.executable = "/bin/true";
    spec.cwd = "/";
    spec.map_subordinate_ids = true;
    const Outcome outcome = run_sandboxed(spec);
    if (outcome.kind != OutcomeKind::exited || outcome.exit_code != 0) {
        return {false, "a sandbox with them failed: " + (outcome.message.empty() ? "/bin/true did not exit 0" : outcome.message)};
    }
    return {true, "available, used only with --map-subids (it starts " + plan->newuidmap + " and " + plan->newgidmap +
                      " for every run); uid map " + uid_map};
}

}  // namespace

int run_doctor() {
    struct Check {
        const char* name;
        bool required;
        std::function<CheckResult()> run;
    };
    const std::vector<Check> checks{
        {"AppArmor (Ubuntu 23.10+ user namespace restriction)", false,
         [] {
             const apparmor::Verdict verdict = apparmor::assess(apparmor::read_host());
             return CheckResult{verdict.ok, verdict.detail};
         }},
        {"kernel version", true,
         [] {
             const kernel_release::Verdict verdict = kernel_release::assess(kernel_release::running());
             return CheckResult{verdict.ok, verdict.detail};
         }},
        {"user namespace (unprivileged uid/gid map)", true, [] { return probe_in_namespaces(0, [] {}); }},
        {"PID namespace with a fresh /proc", true, check_fresh_proc},
        {"mount namespace + tmpfs", true, [] { return probe_in_namespaces(CLONE_NEWNS, scratch_tmpfs); }},
        {"overlayfs in a user namespace", true,
         [] {
             return probe_in_namespaces(CLONE_NEWNS, [] {
                 scratch_tmpfs();
                 for (const char* dir : {"/tmp/upper", "/tmp/work", "/tmp/view"}) mount_ops::make_dir(dir, 0755);
                 mount_ops::mount_fs("overlay", "/tmp/view", 0,
                                     "lowerdir=/usr,upperdir=/tmp/upper,workdir=/tmp/work,userxattr");
             });
         }},
        {"removing or renaming host directories inside (overlay on tmpfs)", false, check_directory_removal},
        {"network namespace + loopback up", true,
         [] { return probe_in_namespaces(CLONE_NEWNET, [] { net::bring_up_loopback(); }); }},
        {"IPC namespace", true, [] { return probe_in_namespaces(CLONE_NEWIPC, [] {}); }},
        {"UTS namespace + hostname", true,
         [] { return probe_in_namespaces(CLONE_NEWUTS, [] { uts::set_hostname("isotest-doctor"); }); }},
        {"network recorder, /dev/net/tun (optional: --record-network)", false, check_network_recorder},
        {"cgroup limits (optional: --memory/--max-procs beyond rlimits)", false, check_cgroup_limits},
        {"subordinate ids (optional: --map-subids)", false, check_subordinate_ids},
        {"default sandbox runs /bin/true", true, check_default_run},
    };
    bool runnable = true;
    for (const auto& check : checks) {
        const CheckResult result = check.run();
        std::string line = result.ok ? "ok    " : (check.required ? "FAIL  " : "warn  ");
        line += check.name;
        if (!result.detail.empty()) line += ": " + result.detail;
        sys::write_all(STDOUT_FILENO, line + "\n");
        if (!result.ok && check.required) runnable = false;
    }
    return runnable ? 0 : exit_code::isotest_failure;
}

}  // namespace isotest::cli
