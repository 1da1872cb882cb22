// The status channel: a pipe from the sandbox (init and the command child) to the
// supervisor. Setup steps, errors and the final result travel as small typed records;
// the pipe is close-on-exec, so the command itself never holds it.
//
// Every record is encoded and decoded here, and nowhere else. The channel crosses a trust
// boundary: init runs beside the test, so the supervisor treats what arrives as input, not as
// its own data. decode never throws and never allocates more than a record's cap
// (limits::kChannelRecordBytes): bytes that are no record (an unknown type, a number that is
// none, a record over the cap) come back as Garbled, which the supervisor turns into isotest's
// own failure rather than a crash or a misread status.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "sandbox/packets.hpp"

namespace isotest::channel {

// On the wire: one type byte, the payload's length as 4 bytes little-endian, the payload.
// Numbers are decimal (std::to_chars / std::from_chars: no locale); fields are separated by a
// tab, and a text field may hold any byte (tabs, newlines, NULs): it is the one field of its
// record that is not a number, so the numbers are found from the other end.
enum class RecordType : char {
    step = 'S',             // "name\tmilliseconds"
    note = 'I',             // text
    error = 'E',            // "exit_status\tmessage"
    command_status = 'R',   // wait status, decimal
    usage = 'U',            // "user_seconds\tsystem_seconds\tpeak_kib"
    leftover_process = 'P', // "pid comm"
    leftover_total = 'L',   // decimal
    written_file = 'W',     // path
    written_total = 'N',    // decimal
    own_xml = 'X',          // the file's bytes
    own_xml_refused = 'Y',  // text
    kept_writes = 'C',      // text
    // From the namespace helper's network responder, on a channel of its own (net_responder.hpp):
    network_attempt = 'A',  // "index\tcount\tfirst_seconds\tprotocol\tport\tdestination\tname"
    network_unlisted = 'M', // decimal
    network_unrecorded = 'K', // text
};

// A setup step inside the sandbox and how long it took (-v prints it; the report sums them).
struct Step {
    std::string name;
    double milliseconds = 0;  // finite, not negative
    bool operator==(const Step&) const = default;
};

// Something worth knowing that is not an error (e.g. a fallback taken); shown with -v.
struct Note {
    std::string text;
    bool operator==(const Note&) const = default;
};

// Setup failed: isotest exits with exit_status (125, or 126/127 when the command cannot run).
struct Error {
    int exit_status = 0;  // 1 to 255
    std::string message;
    bool operator==(const Error&) const = default;
};

// The command's wait status; the last record: every process of the sandbox but init is gone.
struct CommandStatus {
    int wait_status = 0;  // 0 to 0xffff
    bool operator==(const CommandStatus&) const = default;
};

// The resources everything the test ran used (getrusage(RUSAGE_CHILDREN) in init).
struct Usage {
    double user_seconds = 0;    // finite, not negative
    double system_seconds = 0;  // finite, not negative
    long peak_kib = 0;          // not negative
    bool operator==(const Usage&) const = default;
};

// "pid comm" of a process still running when the command exited (listed up to a cap).
struct LeftoverProcess {
    std::string description;
    bool operator==(const LeftoverProcess&) const = default;
};

// How many such processes there were in all.
struct LeftoverTotal {
    std::size_t count = 0;
    bool operator==(const LeftoverTotal&) const = default;
};

// A path the test wrote outside its writable paths (listed up to a cap).
struct WrittenFile {
    std::string path;
    bool operator==(const WrittenFile&) const = default;
};

// How many such paths there were in all.
struct WrittenTotal {
    std::size_t count = 0;
    bool operator==(const WrittenTotal&) const = default;
};

// The JUnit XML the test wrote itself (at most limits::kOwnResultsFileBytes).
struct OwnXml {
    std::string text;
    bool operator==(const OwnXml&) const = default;
};

// Why that file was not read (a symlink, not a regular file, too large).
struct OwnXmlRefused {
    std::string reason;
    bool operator==(const OwnXmlRefused&) const = default;
};

// An attempt to reach the network outside, refused: sent when first seen (count 1), and again
// at the end if it was seen more often, by its place in the responder's log (attempt_log.hpp):
// first sightings come in order, 0, 1, 2, ... The destination is an IPv4 or IPv6 address as
// inet_ntop writes it; the name the one free text field.
struct NetworkAttempt {
    std::size_t index = 0;     // below attempt_log::kListed
    packets::Attempt attempt;
    double first_seconds = 0;  // finite, not negative: after isotest started
    std::size_t count = 0;     // 1 and up
    bool operator==(const NetworkAttempt&) const = default;
};

// How many attempts were seen past the listed ones (attempt_log.hpp).
struct NetworkUnlisted {
    std::size_t count = 0;
    bool operator==(const NetworkUnlisted&) const = default;
};

// Why the responder could not be set up (no /dev/net/tun): attempts fail as without it, unrecorded.
struct NetworkUnrecorded {
    std::string reason;
    bool operator==(const NetworkUnrecorded&) const = default;
};

// --keep-writes: what was kept where (keep_writes::describe).
struct KeptWrites {
    std::string summary;
    bool operator==(const KeptWrites&) const = default;
};

using Record = std::variant<Step, Note, Error, CommandStatus, Usage, LeftoverProcess, LeftoverTotal, WrittenFile,
                            WrittenTotal, OwnXml, OwnXmlRefused, NetworkAttempt, NetworkUnlisted, NetworkUnrecorded, KeptWrites>;

// Bytes that are no record, and why ("a step's milliseconds are not a number: \"1e\"").
struct Garbled {
    std::string reason;
    bool operator==(const Garbled&) const = default;
};

using Decoded = std::variant<Record, Garbled>;

// One record's bytes. A text field that would take the record over limits::kChannelRecordBytes
// is cut short, so that whatever is encoded decodes.
std::string encode(const Record& record);

// One record from its type byte and payload.
Decoded decode(char type, std::string_view payload);

// Takes one record off the front of `buffer`: nullopt while not all of it has arrived; a
// Garbled (the buffer left as it was: nothing after it can be trusted to be framed right) as
// soon as the front is known to be no record, a length over the cap before its bytes arrive.
std::optional<Decoded> take(std::string& buffer);

// The supervisor's one-line message for a garbled record.
std::string describe(const Garbled& garbled);

// Sends one record; best effort (the supervisor may be gone, then nobody is listening).
void send(int fd, const Record& record);

// A setup failure inside the sandbox (init, or the command child before execve): sends the
// error record, then exits with its status.
[[noreturn]] void fail(int fd, int exit_status, std::string_view message);

// Records gathered to go out in one write(2): the supervisor wakes once for all of them, not
// once each (every wake-up is a pair of context switches, on the sandbox's critical path when
// both run on one core).
class Outbox {
public:
    explicit Outbox(int fd) : fd_(fd) {}
    void add(const Record& record) { pending_ += encode(record); }
    void flush();  // best effort, as send()

private:
    int fd_;
    std::string pending_;
};

}  // namespace isotest::channel
