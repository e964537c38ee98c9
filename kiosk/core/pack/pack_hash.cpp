// The content hash of a pack: sha256 over a canonical serialisation of PackData, so two builds of the
// same content agree and the reader can tell a pack that was edited after it was built.
#include <sodium.h>

#include <string>
#include <string_view>

#include "core/pack/pack_io.h"

namespace kiosk::core {

namespace {

// libsodium asks for sodium_init() before any other call; it is idempotent and thread-safe (>= 1.0.11),
// and its only failure (no entropy source) does not affect hashing, so the result is not checked.
void EnsureSodium() { [[maybe_unused]] static const int init = sodium_init(); }

// Feeds sha256 a stream of netstring-like fields ("<decimal length>:<bytes>"). The length prefix keeps
// field boundaries in the hash ("ab"+"c" differs from "a"+"bc"), and every list and map is preceded
// by its size, so an item cannot slide from one list into the next one.
class CanonicalHasher {
public:
    CanonicalHasher() {
        EnsureSodium();
        crypto_hash_sha256_init(&m_state);
    }

    void Field(std::string_view bytes) {
        std::string prefix = std::to_string(bytes.size()) + ":";
        Update(prefix);
        Update(bytes);
    }
    void Int(long long value) { Field(std::to_string(value)); }
    void Bool(bool value) { Int(value ? 1 : 0); }
    void Count(std::size_t size) { Field(std::to_string(size)); }

    void List(const std::vector<std::string>& items) {
        Count(items.size());
        for (const std::string& item : items) Field(item);
    }
    void Map(const std::map<std::string, std::string>& items) {
        Count(items.size());
        for (const auto& [key, value] : items) {
            Field(key);
            Field(value);
        }
    }

    std::string Finish() {
        unsigned char digest[crypto_hash_sha256_BYTES];
        crypto_hash_sha256_final(&m_state, digest);
        char hex[crypto_hash_sha256_BYTES * 2 + 1];
        sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
        return hex;
    }

private:
    void Update(std::string_view bytes) {
        crypto_hash_sha256_update(&m_state, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    }

    crypto_hash_sha256_state m_state;
};

void HashContacts(CanonicalHasher& h, const std::vector<Contact>& contacts) {
    h.Count(contacts.size());
    for (const Contact& c : contacts) {
        h.Field(c.phone);
        h.Field(c.url);
    }
}

void HashScene(CanonicalHasher& h, const Scene& scene) {
    h.Field(scene.id);
    // Enums by name, not number: reordering an enum in C++ must not change every pack's hash.
    h.Field(ToString(scene.kind));
    h.Field(ToString(scene.question));
    h.Field(scene.next);
    h.Count(scene.routes.size());
    for (const Route& r : scene.routes) {
        h.Field(r.condition);
        h.Field(r.go_to);
    }
    h.Bool(scene.must_see);
    h.Bool(scene.must_watch);
    h.Bool(scene.signposting);
    h.Int(scene.points);
    h.Field(scene.image);
    h.Map(scene.video);
    h.Map(scene.captions);
    h.Count(scene.chapters.size());
    for (const Chapter& c : scene.chapters) h.Int(c.at_ms);
    h.Count(scene.pauses.size());
    for (const FilmPause& p : scene.pauses) {
        h.Int(p.at_ms);
        h.Field(p.question);
    }
    h.Count(scene.options.size());
    for (const Option& o : scene.options) {
        h.Field(o.id);
        h.Bool(o.correct);
        h.Field(o.go_to);
        h.Int(o.score);
        h.Count(o.set.size());
        for (const Assignment& a : o.set) {
            h.Field(a.name);
            h.Field(a.value);
        }
        h.Bool(o.region.has_value());
        if (o.region) {
            h.Int(o.region->x);
            h.Int(o.region->y);
            h.Int(o.region->w);
            h.Int(o.region->h);
        }
    }
}

}  // namespace

std::string ComputeContentHash(const PackData& pack) {
    CanonicalHasher h;
    // Names the serialisation: change the string whenever the walk below changes.
    h.Field("kiosk-content-pack/3");
    h.Field(pack.id);
    h.Int(pack.version);
    h.List(pack.languages);
    HashContacts(h, pack.contacts);
    h.Count(pack.facts.size());
    for (const Fact& f : pack.facts) h.Field(f.url);

    h.Count(pack.modules.size());
    for (const Module& m : pack.modules) {
        h.Field(m.id);
        h.Int(m.minutes);
        h.Int(m.pass_mark);
        h.Bool(m.has_content_warning);
        h.List(m.audience);
        h.Field(m.start);
        h.Count(m.sources.size());
        for (const Source& s : m.sources) {
            h.Field(s.title);
            h.Field(s.url);
            h.Field(s.checked);
        }
        h.Count(m.scenes.size());
        for (const Scene& scene : m.scenes) HashScene(h, scene);
    }

    h.Count(pack.sites.size());
    for (const Site& s : pack.sites) {
        h.Field(s.id);
        h.Field(s.region);
        h.Field(s.agency);
        h.List(s.languages);
        h.Int(s.idle_timeout_s);
        h.Int(s.idle_countdown_s);
        h.Field(s.admin_pin_hash);
        // Only when set, so a pack without one keeps the hash it had under schema 2.
        if (!s.xapi_base.empty()) h.Field(s.xapi_base);
        // Likewise: a pack without a retention period keeps its schema 3 hash. The tag keeps a period from
        // reading as some other field's bytes.
        if (s.keep_records_days != 0) {
            h.Field("keep_records_days");
            h.Int(s.keep_records_days);
        }
        // And a pack that keeps the default resume period keeps its schema 4 hash.
        if (s.resume_days != kDefaultResumeDays) {
            h.Field("resume_days");
            h.Int(s.resume_days);
        }
        HashContacts(h, s.contacts);
    }

    // Asset bytes count through their sha256, so hashing a pack never reads its films.
    h.Count(pack.assets.size());
    for (const Asset& a : pack.assets) {
        h.Field(a.path);
        h.Field(a.mime);
        h.Field(a.sha256);
        h.Int(a.width);
        h.Int(a.height);
    }

    h.Count(pack.strings.size());
    for (const auto& [key, by_language] : pack.strings) {
        h.Field(key);
        h.Count(by_language.size());
        for (const auto& [language, text] : by_language) {
            h.Field(language);
            h.Field(text.text);
            h.Bool(text.fuzzy);
        }
    }
    return h.Finish();
}

std::string Sha256Hex(const void* data, std::size_t size) {
    EnsureSodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    static const unsigned char kEmpty = 0;  // libsodium is not promised a null pointer, even for size 0
    crypto_hash_sha256(digest, data ? static_cast<const unsigned char*>(data) : &kEmpty, size);
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

}  // namespace kiosk::core
