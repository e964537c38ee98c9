// The preview pipe's message format (see preview_message.h).
#include "core/control/preview_message.h"

#include <charconv>

#include "core/util/one_line.h"

namespace kiosk::core {
namespace {

// A value on one line (the pipe's framing is one line per field), short enough for the reader's limit.
// Tabs are kept: a quoted source line needs them for its caret to line up under the error.
std::string Value(std::string_view text) {
    std::string out;
    for (std::size_t start = 0;;) {
        std::size_t tab = text.find('\t', start);
        out += OneLine(text.substr(start, tab == std::string_view::npos ? tab : tab - start), kNoLimit);
        if (tab == std::string_view::npos) break;
        out += '\t';
        start = tab + 1;
    }
    if (out.size() > kPreviewMaxLine - 16) out = OneLine(out, kPreviewMaxLine - 16);
    return out;
}

void Put(std::string& out, const char* key, std::string_view value) {
    out += key;
    out += ' ';
    out += Value(value);
    out += '\n';
}

bool ParseInt(std::string_view text, std::int64_t& out) {
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string FormatPreviewUpdate(const PreviewUpdate& update) {
    std::string out;
    if (!update.changed.empty()) Put(out, "changed", update.changed);
    Put(out, "times",
        std::to_string(update.changed_ns) + " " + std::to_string(update.build_ns) + " " + std::to_string(update.sent_ns));
    if (!update.pack.empty()) Put(out, "pack", update.pack);
    for (const PreviewError& error : update.errors) {
        Put(out, "error", error.headline);
        if (!error.source_line.empty()) {
            Put(out, "source", error.source_line);
            if (error.column > 0) Put(out, "span", std::to_string(error.column) + " " + std::to_string(error.length));
        }
        for (const std::string& note : error.notes) Put(out, "note", note);
    }
    out += "end\n";
    return out;
}

std::vector<PreviewUpdate> PreviewUpdateReader::Feed(std::string_view bytes) {
    std::vector<PreviewUpdate> done;
    while (!bytes.empty() && m_error.empty()) {
        std::size_t newline = bytes.find('\n');
        std::string_view piece = bytes.substr(0, newline);
        if (m_partial.size() + piece.size() > kPreviewMaxLine) {
            m_error = "a line longer than " + std::to_string(kPreviewMaxLine) + " bytes";
            break;
        }
        m_partial.append(piece);
        if (newline == std::string_view::npos) break;
        bytes.remove_prefix(newline + 1);
        std::string line = std::move(m_partial);
        m_partial.clear();
        Line(line, done);
    }
    return done;
}

void PreviewUpdateReader::Line(std::string_view line, std::vector<PreviewUpdate>& done) {
    if (line == "end") {
        done.push_back(std::move(m_current));
        m_current = PreviewUpdate{};
        return;
    }
    std::size_t space = line.find(' ');
    std::string_view key = line.substr(0, space);
    std::string_view value = space == std::string_view::npos ? std::string_view{} : line.substr(space + 1);
    auto bad = [&](const char* what) { m_error = std::string(what) + ": '" + std::string(line.substr(0, 80)) + "'"; };
    if (key == "changed") {
        m_current.changed = value;
    } else if (key == "times") {
        std::int64_t t[3] = {};
        std::size_t at = 0;
        for (std::int64_t& out : t) {
            std::size_t next = value.find(' ', at);
            if (!ParseInt(value.substr(at, next == std::string_view::npos ? next : next - at), out)) return bad("bad times");
            at = next == std::string_view::npos ? value.size() : next + 1;
        }
        m_current.changed_ns = t[0];
        m_current.build_ns = t[1];
        m_current.sent_ns = t[2];
    } else if (key == "pack") {
        m_current.pack = value;
    } else if (key == "error") {
        m_current.errors.push_back(PreviewError{std::string(value), {}, 0, 0, {}});
    } else if (key == "source" || key == "span" || key == "note") {
        if (m_current.errors.empty()) return bad("a detail before any error");
        PreviewError& error = m_current.errors.back();
        if (key == "source") {
            error.source_line = value;
        } else if (key == "note") {
            error.notes.emplace_back(value);
        } else {
            std::size_t gap = value.find(' ');
            std::int64_t column = 0, length = 0;
            if (gap == std::string_view::npos || !ParseInt(value.substr(0, gap), column) ||
                !ParseInt(value.substr(gap + 1), length) || column < 1 || length < 0 || column > 1'000'000 ||
                length > 1'000'000)
                return bad("bad span");
            error.column = static_cast<int>(column);
            error.length = static_cast<int>(length);
        }
    }
    // Any other key: something a newer kiosk-author says that this kiosk does not need.
}

}  // namespace kiosk::core
