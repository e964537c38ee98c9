// Groups a content folder's strings by PO file (po_catalog.h).
#include "po_catalog.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "loaders.h"
#include "po_file.h"

namespace author {

Catalog LoadCatalog(const std::filesystem::path& content_dir, const std::string& display) {
    Catalog catalog;
    std::string shown = display;
    while (shown.size() > 1 && shown.back() == '/') shown.pop_back();
    catalog.content = LoadContent(content_dir, shown, catalog.sources, catalog.diagnostics);
    catalog.diagnostics.Sort();
    for (const Diagnostic& d : catalog.diagnostics.All())
        if (d.code >= "E001" && d.code <= "E005") catalog.complete = false;

    const Content& content = catalog.content;
    std::vector<std::tuple<std::string, int, int, CatalogEntry>> ordered;  // file, line, column, entry
    std::set<std::string> seen;  // a shared scene's strings, once however many modules use it
    for (const auto& [key, by_lang] : content.pack.strings) {
        auto english = by_lang.find(content.language);
        if (english == by_lang.end() || !seen.insert(PoKeyOf(content, key)).second) continue;
        CatalogEntry entry{PoKeyOf(content, key), english->second.text, "", 0};
        int column = 0;
        if (auto where = content.string_locations.find(key); where != content.string_locations.end()) {
            entry.file = where->second.file;
            if (entry.file.rfind(shown + "/", 0) == 0) entry.file = entry.file.substr(shown.size() + 1);
            entry.line = where->second.line;
            column = where->second.column;
        }
        std::string file = entry.file;  // copied first: the tuple may build its last element first
        int line = entry.line;
        ordered.emplace_back(std::move(file), line, column, std::move(entry));
    }
    std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
        return std::tie(std::get<0>(a), std::get<1>(a), std::get<2>(a), std::get<3>(a).key) <
               std::tie(std::get<0>(b), std::get<1>(b), std::get<2>(b), std::get<3>(b).key);
    });
    for (auto& item : ordered) {
        CatalogEntry& entry = std::get<3>(item);
        catalog.domains[PoDomainOf(entry.key)].push_back(std::move(entry));
    }
    return catalog;
}

}  // namespace author
