// Loads pack.toml and the contact lists shared with site files.
#include <algorithm>
#include <set>

#include "loaders.h"

namespace author {

void AddString(Content& content, const std::string& key, const std::string& text, const Location& where) {
    content.pack.strings[key][content.language] = kiosk::core::Text{text, false};
    content.string_locations[key] = where;
}

std::optional<std::string> ReadString(TableReader& reader, std::string_view key, Need need, Content& content,
                                      const std::string& string_key) {
    auto text = reader.Text(key, need);
    if (text) AddString(content, string_key, *text, reader.ValueLocation(key));
    return text;
}

std::vector<kiosk::core::Contact> LoadContacts(TableReader& parent, const std::string& owner, Need need,
                                               Content& content) {
    std::vector<kiosk::core::Contact> contacts;
    const toml::array* array = parent.Array("contacts", need);
    if (!array) return contacts;
    for (const toml::node& node : *array) {
        if (!node.is_table()) {
            parent.WrongType("contacts", node, "a table ([[contacts]])");
            continue;
        }
        std::size_t index = contacts.size();
        TableReader reader(*node.as_table(), parent.File(), parent.Diags(), "contact " + std::to_string(index + 1));
        reader.CheckKeys({"name", "phone", "url", "hours", "note"});
        kiosk::core::Contact contact;
        ReadString(reader, "name", Need::Required, content, kiosk::core::ContactKey(owner, index, "name"));
        ReadString(reader, "hours", Need::Optional, content, kiosk::core::ContactKey(owner, index, "hours"));
        ReadString(reader, "note", Need::Optional, content, kiosk::core::ContactKey(owner, index, "note"));
        contact.phone = reader.Text("phone", Need::Optional).value_or("");
        contact.url = reader.Text("url", Need::Optional).value_or("");
        if (!contact.url.empty() && contact.url.rfind("https://", 0) != 0 && contact.url.rfind("http://", 0) != 0)
            parent.Diags().Add("E072", reader.ValueLocation("url"), "'" + contact.url + "' is not a web address; start it with https://");
        if (contact.phone.empty() && contact.url.empty() && !reader.Has("phone") && !reader.Has("url"))
            parent.Diags().Add("E074", reader.HeaderLocation(), reader.What() + " has neither 'phone' nor 'url'");
        contacts.push_back(std::move(contact));
    }
    return contacts;
}

void LoadPackFile(const toml::table& root, const SourceFile& file, Content& content, Diagnostics& diags) {
    TableReader reader(root, file, diags, "pack.toml");
    reader.CheckKeys({"id", "version", "title", "languages", "contacts", "facts"});
    content.pack.id = reader.Id("id", Need::Required).value_or("");
    content.pack.version = static_cast<int>(reader.Int("version", Need::Required, 1, 2'000'000'000).value_or(0));
    if (auto languages = reader.StringList("languages", Need::Required)) {
        std::set<std::string> seen;
        for (auto& [code, where] : *languages) {
            bool valid = code.size() >= 2 && code.size() <= 3 &&
                         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
            if (!valid) {
                diags.Add("E016", where, "'" + code + "' is not a language code; use ISO 639-1 codes such as \"en\" or \"cy\"");
                continue;
            }
            if (!seen.insert(code).second) {
                diags.Add("E020", where, "language '" + code + "' is listed twice");
                continue;
            }
            content.pack.languages.push_back(code);
        }
        if (languages->empty()) diags.Add("E011", reader.ValueLocation("languages"), "pack.toml needs at least one language");
    }
    content.language = content.pack.languages.empty() ? "en" : content.pack.languages.front();
    ReadString(reader, "title", Need::Required, content, kiosk::core::PackKey("title"));
    content.pack.contacts = LoadContacts(reader, "pack", Need::Required, content);
    if (const toml::array* facts = reader.Array("facts", Need::Optional)) {
        for (const toml::node& node : *facts) {
            if (!node.is_table()) {
                reader.WrongType("facts", node, "a table ([[facts]])");
                continue;
            }
            std::size_t index = content.pack.facts.size();
            TableReader fact(*node.as_table(), file, diags, "fact " + std::to_string(index + 1));
            fact.CheckKeys({"text", "source", "url"});
            ReadString(fact, "text", Need::Required, content, kiosk::core::FactKey(index, "text"));
            ReadString(fact, "source", Need::Required, content, kiosk::core::FactKey(index, "source"));
            std::string url = fact.Text("url", Need::Required).value_or("");
            if (!url.empty() && url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0)
                diags.Add("E072", fact.ValueLocation("url"), "'" + url + "' is not a web address; start it with https://");
            content.pack.facts.push_back(kiosk::core::Fact{url});
        }
    }
}

}  // namespace author
