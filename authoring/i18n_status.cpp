// Counting translations per language and PO file (i18n_status.h).
#include "i18n_status.h"

#include <set>

#include "po_catalog.h"
#include "po_file.h"

namespace author {

TranslationStatus CountTranslations(const std::filesystem::path& content_dir, const std::string& display) {
    TranslationStatus status;
    Catalog catalog = LoadCatalog(content_dir, display);
    status.sources = std::move(catalog.sources);
    for (const Diagnostic& d : catalog.diagnostics.All())
        if (d.severity == Severity::Error) status.diagnostics.Add(d.code, d.where, d.message).notes = d.notes;
    status.languages = catalog.content.pack.languages;
    std::string shown = display;
    while (shown.size() > 1 && shown.back() == '/') shown.pop_back();

    for (std::size_t li = 1; li < status.languages.size(); ++li) {
        const std::string& lang = status.languages[li];
        for (const auto& [domain, entries] : catalog.domains) {
            TranslationCount count;
            count.language = lang;
            count.file = domain + ".po";
            std::filesystem::path path = content_dir / "locales" / lang / count.file;
            std::error_code ec;
            count.exists = std::filesystem::exists(path, ec);
            std::map<std::string, PoEntry> po;
            if (count.exists) {
                if (auto read = ReadPoFile(path, shown + "/locales/" + lang + "/" + count.file, status.diagnostics)) po = std::move(*read);
            }
            std::set<std::string> keys;
            for (const CatalogEntry& e : entries) {
                keys.insert(e.key);
                auto it = po.find(e.key);
                PendingText pending{e.key, e.english, "", e.file, e.line};
                if (it == po.end() || it->second.msgstr.empty()) {
                    ++count.missing;
                    pending.state = "missing";
                } else if (it->second.fuzzy || it->second.msgid != e.english) {
                    ++count.fuzzy;
                    pending.state = it->second.msgid != e.english ? "older English" : "fuzzy";
                } else {
                    ++count.translated;
                    continue;
                }
                count.pending.push_back(std::move(pending));
            }
            for (const auto& [key, entry] : po)
                if (!keys.count(key)) ++count.unused;
            status.counts.push_back(count);
        }
    }
    status.diagnostics.Sort();
    return status;
}

}  // namespace author
