// gettext PO files through libgettextpo: reading a translation file, opening one to update it, writing
// one, and which file a string belongs to. The one place that deals with libgettextpo's C error callbacks.
#pragma once

#include <gettext-po.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "diagnostic.h"

namespace author {

struct PoEntry {
    std::string msgid, msgstr;
    bool fuzzy = false;
};

// Owns a po_file_t (po_file_free on destruction).
struct PoFileFree {
    void operator()(po_file_t file) const { po_file_free(file); }
};
using PoFile = std::unique_ptr<std::remove_pointer_t<po_file_t>, PoFileFree>;

// The PO file a string key belongs to: its module's id, or "pack" for pack.toml's and the sites' strings.
std::string PoDomainOf(const std::string& key);

// Opens `path`; its syntax errors become E082 diagnostics at `display`. Empty when it cannot be read.
PoFile OpenPoFile(const std::filesystem::path& path, const std::string& display, Diagnostics& diags);

// The entries of a PO file that are in use (not obsolete, not the header), by msgctxt.
std::optional<std::map<std::string, PoEntry>> ReadPoFile(const std::filesystem::path& path, const std::string& display,
                                                         Diagnostics& diags);

// Writes `file` to `path`; false (with `error` saying why) when libgettextpo cannot.
bool WritePoFile(po_file_t file, const std::filesystem::path& path, std::string& error);

}  // namespace author
