// The status channel: a pipe from the sandbox (init and the command child) to the
// supervisor. Setup steps, errors and the final result travel as small typed records;
// the pipe is close-on-exec, so the command itself never holds it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace isotest::channel {

enum class RecordType : char {
    step = 'S',             // "name\tmilliseconds"
    error = 'E',            // "exit_status\tmessage": setup failed
    command_status = 'R',   // wait status of the command, decimal; the last record: every
                            // process of the sandbox but init is gone by then
    leftover_process = 'P', // "pid comm" still running when the command exited
    leftover_total = 'L',   // how many such processes there were in all, decimal
    written_file = 'W',     // a path the test wrote outside its writable paths
    written_total = 'N',    // how many such paths there were in all, decimal
    own_xml = 'X',          // the JUnit XML the test wrote itself
    own_xml_refused = 'Y',  // why that file was not read (a symlink, not a regular file, too large)
    usage = 'U',            // "user_seconds\tsystem_seconds\tpeak_rss_kib" of everything the test ran
};

struct Record {
    RecordType type;
    std::string payload;
};

std::string encode(RecordType type, std::string_view payload);

// Takes one complete record off the front of `buffer`, or nullopt if none is complete yet.
std::optional<Record> take_record(std::string& buffer);

// Sends one record; best effort (the supervisor may be gone, then nobody is listening).
void send(int fd, RecordType type, std::string_view payload);

// Records gathered to go out in one write(2): the supervisor wakes once for all of them, not
// once each (every wake-up is a pair of context switches, on the sandbox's critical path when
// both run on one core).
class Outbox {
public:
    explicit Outbox(int fd) : fd_(fd) {}
    void add(RecordType type, std::string_view payload) { pending_ += encode(type, payload); }
    void flush();  // best effort, as send()

private:
    int fd_;
    std::string pending_;
};

}  // namespace isotest::channel
