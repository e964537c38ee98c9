// PO files through libgettextpo (po_file.h). libgettextpo reports problems through C callbacks with no
// user pointer, so the current call's sink is a thread-local; a fatal error must not return, hence the
// jump back to the caller.
#include "po_file.h"

#include <algorithm>
#include <csetjmp>
#include <string_view>
#include <vector>

#include "prescan.h"
#include "toml_load.h"

namespace author {
namespace {

struct PoErrors {
    std::vector<std::pair<Location, std::string>> items;
    std::string display;
};

thread_local PoErrors* t_errors = nullptr;
thread_local std::jmp_buf t_fatal;

void OnError(int severity, po_message_t, const char*, size_t line, size_t column, int, const char* text) {
    if (t_errors && severity != PO_SEVERITY_WARNING) {
        int col = column == static_cast<size_t>(-1) ? 1 : static_cast<int>(column);
        int at = line == static_cast<size_t>(-1) ? 0 : static_cast<int>(line);
        std::string message = text;
        // gettext notices an unclosed string only once it has read the line ending, so it names the
        // next line; point at the line the translator has to fix, in words they use.
        if (message == "end-of-line within string") {
            message = "this text has no closing quote (\")";
            at = std::max(1, at - 1);
            col = 1;
        }
        t_errors->items.push_back({Location{t_errors->display, at, col, 1}, message});
    }
    if (severity == PO_SEVERITY_FATAL_ERROR) std::longjmp(t_fatal, 1);
}

void OnError2(int severity, po_message_t, const char*, size_t line, size_t column, int, const char* text,
              po_message_t, const char*, size_t, size_t, int, const char* text2) {
    std::string both = std::string(text) + ": " + text2;
    OnError(severity, nullptr, nullptr, line, column, 0, both.c_str());
}

const po_xerror_handler kHandler = {OnError, OnError2};

// Only plain C locals live between setjmp and a possible longjmp.
po_file_t ReadRaw(const char* path) {
    if (setjmp(t_fatal) != 0) return nullptr;
    return po_file_read(path, &kHandler);
}

po_file_t WriteRaw(po_file_t file, const char* path) {
    if (setjmp(t_fatal) != 0) return nullptr;
    return po_file_write(file, path, &kHandler);
}

}  // namespace

std::string PoDomainOf(const std::string& key) {
    std::string head = key.substr(0, key.find('/'));
    return head == "pack" || head == "site" ? "pack" : head;
}

PoFile OpenPoFile(const std::filesystem::path& path, const std::string& display, Diagnostics& diags) {
    // libgettextpo would block on a FIFO, read a huge file whole and take bytes that are not UTF-8 into
    // the pack: the same checks as for TOML files come first.
    std::string error;
    auto text = ReadWholeFile(path, kMaxFileBytes, error);
    if (!text) {
        diags.Add("E005", Location{display, 0, 0, 1}, "cannot read the file: it " + error);
        return PoFile(nullptr);
    }
    if (std::size_t bad = FirstInvalidUtf8(*text); bad != std::string_view::npos) {
        std::size_t line = 1;
        for (std::size_t i = 0; i < bad; ++i) line += (*text)[i] == '\n';
        diags.Add("E082", Location{display, static_cast<int>(line), 1, 1},
                  "this line is not valid UTF-8; save the file as UTF-8 (the header says charset=UTF-8)");
        return PoFile(nullptr);
    }
    PoErrors errors{{}, display};
    t_errors = &errors;
    po_file_t file = ReadRaw(path.c_str());
    t_errors = nullptr;
    for (auto& [where, message] : errors.items) diags.Add("E082", where, message);
    if (!file && errors.items.empty()) diags.Add("E082", Location{display, 0, 0, 1}, "cannot read the translation file");
    return PoFile(file);
}

std::optional<std::map<std::string, PoEntry>> ReadPoFile(const std::filesystem::path& path, const std::string& display,
                                                         Diagnostics& diags) {
    PoFile file = OpenPoFile(path, display, diags);
    if (!file) return std::nullopt;
    std::map<std::string, PoEntry> entries;
    po_message_iterator_t it = po_message_iterator(file.get(), nullptr);
    while (po_message_t message = po_next_message(it)) {
        const char* context = po_message_msgctxt(message);
        if (!context || po_message_is_obsolete(message)) continue;  // the header has no context
        entries[context] = PoEntry{po_message_msgid(message), po_message_msgstr(message), po_message_is_fuzzy(message) != 0};
    }
    po_message_iterator_free(it);
    return entries;
}

bool WritePoFile(po_file_t file, const std::filesystem::path& path, std::string& error) {
    PoErrors errors{{}, path.string()};
    t_errors = &errors;
    po_file_t written = WriteRaw(file, path.c_str());
    t_errors = nullptr;
    if (written && errors.items.empty()) return true;
    error = errors.items.empty() ? "cannot write " + path.string() : errors.items.front().second;
    return false;
}

}  // namespace author
