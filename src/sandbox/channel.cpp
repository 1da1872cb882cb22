#include "sandbox/channel.hpp"

#include <unistd.h>

#include <charconv>
#include <cmath>
#include <arpa/inet.h>

#include <cstdint>
#include <limits>
#include <system_error>
#include <type_traits>

#include "isotest/report_limits.hpp"
#include "sandbox/attempt_log.hpp"
#include "sandbox/syscall.hpp"

namespace isotest::channel {

namespace {

constexpr std::size_t kHeaderBytes = 5;  // type byte, 4-byte length
constexpr std::size_t kExcerptBytes = 24;

// A short, printable excerpt of bytes that came from the sandbox, for a message.
std::string quoted(std::string_view bytes) {
    std::string text = "\"";
    for (const char c : bytes.substr(0, kExcerptBytes)) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte < 0x7f && c != '"' && c != '\\') {
            text += c;
        } else {
            static constexpr char kHex[] = "0123456789abcdef";
            text += {'\\', 'x', kHex[byte >> 4], kHex[byte & 0xf]};
        }
    }
    if (bytes.size() > kExcerptBytes) text += "...";
    return text + "\"";
}

// ---- encoding ----------------------------------------------------------------------------

template <typename Number>
void append_number(std::string& out, Number value) {
    char digits[64];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, result.ptr);
}

// A record's text field, cut short where the record would go over the cap with it.
std::string_view fitted(std::string_view text, std::size_t other_bytes) {
    return text.substr(0, limits::kChannelRecordBytes - other_bytes);
}

std::string framed(RecordType type, std::string_view payload) {
    std::string record;
    record.reserve(kHeaderBytes + payload.size());
    record.push_back(static_cast<char>(type));
    const auto size = static_cast<std::uint32_t>(payload.size());
    for (int shift = 0; shift < 32; shift += 8) record.push_back(static_cast<char>((size >> shift) & 0xff));
    record.append(payload);
    return record;
}

std::string encode_one(const Step& step) {
    std::string number;
    append_number(number, step.milliseconds);
    std::string payload(fitted(step.name, number.size() + 1));
    payload += '\t';
    return framed(RecordType::step, payload + number);
}

std::string encode_one(const Note& note) { return framed(RecordType::note, fitted(note.text, 0)); }

std::string encode_one(const Error& error) {
    std::string payload;
    append_number(payload, error.exit_status);
    payload += '\t';
    payload += fitted(error.message, payload.size());
    return framed(RecordType::error, payload);
}

std::string encode_one(const CommandStatus& status) {
    std::string payload;
    append_number(payload, status.wait_status);
    return framed(RecordType::command_status, payload);
}

std::string encode_one(const Usage& usage) {
    std::string payload;
    append_number(payload, usage.user_seconds);
    payload += '\t';
    append_number(payload, usage.system_seconds);
    payload += '\t';
    append_number(payload, usage.peak_kib);
    return framed(RecordType::usage, payload);
}

std::string encode_one(const LeftoverProcess& process) {
    return framed(RecordType::leftover_process, fitted(process.description, 0));
}

std::string encode_one(const LeftoverTotal& total) {
    std::string payload;
    append_number(payload, total.count);
    return framed(RecordType::leftover_total, payload);
}

std::string encode_one(const WrittenFile& file) { return framed(RecordType::written_file, fitted(file.path, 0)); }

std::string encode_one(const WrittenTotal& total) {
    std::string payload;
    append_number(payload, total.count);
    return framed(RecordType::written_total, payload);
}

std::string encode_one(const OwnXml& xml) { return framed(RecordType::own_xml, fitted(xml.text, 0)); }

std::string encode_one(const OwnXmlRefused& refused) {
    return framed(RecordType::own_xml_refused, fitted(refused.reason, 0));
}

std::string encode_one(const KeptWrites& kept) { return framed(RecordType::kept_writes, fitted(kept.summary, 0)); }
std::string encode_one(const NetworkAttempt& record) {
    std::string payload;
    append_number(payload, record.index);
    payload += '\t';
    append_number(payload, record.count);
    payload += '\t';
    append_number(payload, record.first_seconds);
    payload += '\t';
    payload += packets::to_string(record.attempt.protocol);
    payload += '\t';
    append_number(payload, record.attempt.port);
    payload += '\t';
    payload += record.attempt.destination;
    payload += '\t';
    payload += fitted(record.attempt.name, payload.size());
    return framed(RecordType::network_attempt, payload);
}

std::string encode_one(const NetworkUnlisted& total) {
    std::string payload;
    append_number(payload, total.count);
    return framed(RecordType::network_unlisted, payload);
}

std::string encode_one(const NetworkUnrecorded& record) {
    return framed(RecordType::network_unrecorded, fitted(record.reason, 0));
}

// ---- decoding ----------------------------------------------------------------------------

// A whole field as a number (no sign where the type has none, no spaces, no locale), or nullopt.
template <typename Number>
std::optional<Number> parse_number(std::string_view text) {
    Number value{};
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
    if constexpr (std::is_floating_point_v<Number>) {
        if (!std::isfinite(value)) return std::nullopt;
    }
    return value;
}

// Parses `text` as the numeric field `what` of a `record`, within [minimum, maximum]; on
// failure says why in `why` (left as it was on success).
template <typename Number>
std::optional<Number> field(std::string_view text, const char* record, const char* what, Number minimum,
                            Number maximum, std::string& why) {
    const auto value = parse_number<Number>(text);
    if (!value) {
        why = std::string(record) + "'s " + what + " is not a number: " + quoted(text);
    } else if (*value < minimum || *value > maximum) {
        why = std::string(record) + "'s " + what + " is out of range: " + quoted(text);
    } else {
        return value;
    }
    return std::nullopt;
}

constexpr double kMaxDouble = std::numeric_limits<double>::max();

Decoded decode_step(std::string_view payload) {
    const auto tab = payload.rfind('\t');
    if (tab == std::string_view::npos) return Garbled{"a step record has no tab: " + quoted(payload)};
    std::string why;
    const auto ms = field<double>(payload.substr(tab + 1), "a step record", "milliseconds", 0.0, kMaxDouble, why);
    if (!ms) return Garbled{why};
    return Record{Step{std::string(payload.substr(0, tab)), *ms}};
}

Decoded decode_error(std::string_view payload) {
    const auto tab = payload.find('\t');
    if (tab == std::string_view::npos) return Garbled{"an error record has no tab: " + quoted(payload)};
    std::string why;
    const auto status = field<int>(payload.substr(0, tab), "an error record", "exit status", 1, 255, why);
    if (!status) return Garbled{why};
    return Record{Error{*status, std::string(payload.substr(tab + 1))}};
}

Decoded decode_command_status(std::string_view payload) {
    std::string why;
    const auto status = field<int>(payload, "a command status record", "wait status", 0, 0xffff, why);
    if (!status) return Garbled{why};
    return Record{CommandStatus{*status}};
}

Decoded decode_usage(std::string_view payload) {
    const auto first = payload.find('\t');
    const auto second = first == std::string_view::npos ? first : payload.find('\t', first + 1);
    if (second == std::string_view::npos) return Garbled{"a usage record has not three fields: " + quoted(payload)};
    std::string why;
    const auto user = field<double>(payload.substr(0, first), "a usage record", "user seconds", 0.0, kMaxDouble, why);
    const auto system = field<double>(payload.substr(first + 1, second - first - 1), "a usage record",
                                      "system seconds", 0.0, kMaxDouble, why);
    const auto peak = field<long>(payload.substr(second + 1), "a usage record", "peak KiB", 0L,
                                  std::numeric_limits<long>::max(), why);
    if (!user || !system || !peak) return Garbled{why};
    return Record{Usage{*user, *system, *peak}};
}

bool is_address(std::string_view text) {
    unsigned char address[16];
    if (text.size() >= INET6_ADDRSTRLEN) return false;
    const std::string terminated(text);
    return ::inet_pton(AF_INET, terminated.c_str(), address) == 1 || ::inet_pton(AF_INET6, terminated.c_str(), address) == 1;
}

Decoded decode_network_attempt(std::string_view payload) {
    std::string_view fields[6];
    std::string_view rest = payload;
    for (auto& field_text : fields) {
        const auto tab = rest.find('\t');
        if (tab == std::string_view::npos) return Garbled{"a network attempt record has not seven fields: " + quoted(payload)};
        field_text = rest.substr(0, tab);
        rest.remove_prefix(tab + 1);
    }
    const char* what = "a network attempt record";
    std::string why;
    const auto index = field<std::size_t>(fields[0], what, "index", 0, attempt_log::kListed - 1, why);
    const auto count = field<std::size_t>(fields[1], what, "count", 1, std::numeric_limits<std::size_t>::max(), why);
    const auto first = field<double>(fields[2], what, "first seconds", 0.0, kMaxDouble, why);
    const auto port = field<std::uint16_t>(fields[4], what, "port", 0, 0xffff, why);
    if (!index || !count || !first || !port) return Garbled{why};
    const auto protocol = packets::protocol_named(fields[3]);
    if (!protocol) return Garbled{std::string(what) + "'s protocol is none: " + quoted(fields[3])};
    if (!is_address(fields[5])) return Garbled{std::string(what) + "'s destination is no address: " + quoted(fields[5])};
    return Record{NetworkAttempt{*index, {*protocol, std::string(fields[5]), *port, std::string(rest)}, *first, *count}};
}

bool known(char type) {
    switch (static_cast<RecordType>(type)) {
        case RecordType::step:
        case RecordType::note:
        case RecordType::error:
        case RecordType::command_status:
        case RecordType::usage:
        case RecordType::leftover_process:
        case RecordType::leftover_total:
        case RecordType::written_file:
        case RecordType::written_total:
        case RecordType::own_xml:
        case RecordType::own_xml_refused:
        case RecordType::kept_writes: return true;
        case RecordType::network_attempt:
        case RecordType::network_unlisted:
        case RecordType::network_unrecorded: return true;
    }
    return false;
}

Garbled unknown_type(char type) { return Garbled{"unknown record type " + quoted(std::string_view(&type, 1))}; }

Garbled over_cap(std::size_t size) {
    return Garbled{"a record of " + std::to_string(size) + " bytes, over the cap of " +
                   std::to_string(limits::kChannelRecordBytes)};
}

template <typename Total>
Decoded decode_total(std::string_view payload, const char* record) {
    std::string why;
    const auto count = field<std::size_t>(payload, record, "count", 0, std::numeric_limits<std::size_t>::max(), why);
    if (!count) return Garbled{why};
    return Record{Total{*count}};
}

}  // namespace

std::string encode(const Record& record) {
    return std::visit([](const auto& typed) { return encode_one(typed); }, record);
}

Decoded decode(char type, std::string_view payload) {
    if (payload.size() > limits::kChannelRecordBytes) return over_cap(payload.size());
    const auto text = [payload] { return std::string(payload); };
    switch (static_cast<RecordType>(type)) {
        case RecordType::step: return decode_step(payload);
        case RecordType::note: return Record{Note{text()}};
        case RecordType::error: return decode_error(payload);
        case RecordType::command_status: return decode_command_status(payload);
        case RecordType::usage: return decode_usage(payload);
        case RecordType::leftover_process: return Record{LeftoverProcess{text()}};
        case RecordType::leftover_total: return decode_total<LeftoverTotal>(payload, "a leftover total record");
        case RecordType::written_file: return Record{WrittenFile{text()}};
        case RecordType::written_total: return decode_total<WrittenTotal>(payload, "a written total record");
        case RecordType::own_xml: return Record{OwnXml{text()}};
        case RecordType::own_xml_refused: return Record{OwnXmlRefused{text()}};
        case RecordType::kept_writes: return Record{KeptWrites{text()}};
        case RecordType::network_attempt: return decode_network_attempt(payload);
        case RecordType::network_unlisted: return decode_total<NetworkUnlisted>(payload, "a network unlisted record");
        case RecordType::network_unrecorded: return Record{NetworkUnrecorded{text()}};
    }
    return unknown_type(type);
}

std::optional<Decoded> take(std::string& buffer) {
    if (buffer.empty()) return std::nullopt;
    if (!known(buffer[0])) return Decoded{unknown_type(buffer[0])};  // no need to wait for its length
    if (buffer.size() < kHeaderBytes) return std::nullopt;
    std::uint32_t size = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        size |= static_cast<std::uint32_t>(static_cast<unsigned char>(buffer[1 + i])) << (8 * i);
    }
    if (size > limits::kChannelRecordBytes) return Decoded{over_cap(size)};
    if (buffer.size() - kHeaderBytes < size) return std::nullopt;
    Decoded decoded = decode(buffer[0], std::string_view(buffer).substr(kHeaderBytes, size));
    if (std::holds_alternative<Record>(decoded)) buffer.erase(0, kHeaderBytes + size);
    return decoded;
}

std::string describe(const Garbled& garbled) {
    return "garbled record from the sandbox's init: " + garbled.reason +
           " (isotest stopped the sandbox; a bug in isotest, or the test tampered with its init: please report it)";
}

void send(int fd, const Record& record) { sys::write_all(fd, encode(record)); }

void fail(int fd, int exit_status, std::string_view message) {
    send(fd, Error{exit_status, std::string(message)});
    ::_exit(exit_status);
}

void Outbox::flush() {
    if (pending_.empty()) return;
    sys::write_all(fd_, pending_);
    pending_.clear();
}

}  // namespace isotest::channel
