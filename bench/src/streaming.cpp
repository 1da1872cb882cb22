#include "streaming.hpp"

#include <unistd.h>

#include <boost/process/pipe.hpp>
#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include "child_set.hpp"
#include "launch_error.hpp"
#include "peak_rss_sampler.hpp"
#include "timed_run.hpp"

namespace bench {

StreamRun run_stream(const Command& command, std::uint64_t expected_bytes, const std::filesystem::path& scratch,
                     std::chrono::microseconds rss_interval) {
    boost::process::pipe out;
    LaunchIo io{scratch, scratch / "stream.stderr", &out, {}};
    ChildSet children;
    Clock::time_point started = Clock::now();
    pid_t pid = children.start(command, io);
    PeakRssSampler sampler(pid, rss_interval);

    StreamRun run;
    std::vector<char> buffer(1 << 20);
    std::optional<Clock::time_point> first_byte;
    for (;;) {
        ssize_t n = ::read(out.native_source(), buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw std::runtime_error(std::string("read from the test's stdout pipe: ") + std::strerror(errno));
        if (n == 0) break;
        if (!first_byte) first_byte = Clock::now();
        run.bytes += static_cast<std::uint64_t>(n);
    }
    Clock::time_point eof = Clock::now();
    children.wait_until_exited(pid);  // still unreaped: the sampler cannot meet a reused pid
    PeakRss peak = sampler.finish();
    Exited exited = children.wait(pid);
    require_success(command, exited, io.stderr_file);
    if (run.bytes != expected_bytes) {
        throw LaunchError(command.label + " delivered " + std::to_string(run.bytes) + " bytes on stdout, expected " +
                          std::to_string(expected_bytes) + ": `" + shell_quoted(command.argv) + "`");
    }
    run.stream_seconds = first_byte ? std::chrono::duration<double>(eof - *first_byte).count() : 0;
    run.total_seconds = std::chrono::duration<double>(exited.at - started).count();
    run.vm_hwm_kib = peak.vm_hwm_kib;
    run.rss_samples = peak.samples;
    run.wait4_maxrss_kib = exited.usage.ru_maxrss;
    return run;
}

}  // namespace bench
