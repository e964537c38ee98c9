// Content-pack writer and reader: exact round trip, byte-identical rebuilds, the content hash, and one
// clear message per way a pack file can be wrong (the kiosk shows them to whoever plugged in the stick).
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "core/pack/pack_asset_stream.h"
#include "core/pack/pack_io.h"
#include "core/util/sqlite_db.h"

#include "support/temp_dir.h"

namespace {

using namespace kiosk::core;
namespace fs = std::filesystem;

// Scratch directories named for this suite.
struct TempDir : test_support::TempDir {
    TempDir() : test_support::TempDir("kiosk-pack-test") {}
};

std::vector<std::uint8_t> ReadBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteBytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

std::vector<std::uint8_t> Bytes(std::string_view s) { return std::vector<std::uint8_t>(s.begin(), s.end()); }

Asset MakeAsset(const std::string& path, const std::string& mime, std::vector<std::uint8_t> data, int w, int h) {
    Asset a;
    a.path = path;
    a.mime = mime;
    a.sha256 = Sha256Hex(data.data(), data.size());
    a.width = w;
    a.height = h;
    a.data = std::move(data);
    return a;
}

Option MakeOption(const std::string& id, bool correct) {
    Option o;
    o.id = id;
    o.correct = correct;
    return o;
}

Scene MakeScene(const std::string& id, SceneKind kind, QuestionType question, const std::string& next) {
    Scene s;
    s.id = id;
    s.kind = kind;
    s.question = question;
    s.next = next;
    return s;
}

// Every kind of scene and question, every optional field used at least once and left empty at least once.
PackData RichPack() {
    PackData pack;
    pack.id = "msht-awareness";
    pack.version = 7;
    pack.build_time = "2024-05-01T12:00:00Z";
    pack.languages = {"en", "cy"};
    pack.contacts = {{"08000 121 700", "https://www.modernslaveryhelpline.org"}, {"101", ""}};

    Module signs;
    signs.id = "spot-the-signs";
    signs.minutes = 15;
    signs.pass_mark = 70;
    signs.has_content_warning = true;
    signs.audience = {"police", "health", "social-care"};
    signs.start = "intro";
    signs.sources = {{"Modern Slavery Act 2015", "https://www.legislation.gov.uk/ukpga/2015/30", "2024-04-02"},
                     {"Statutory guidance", "https://www.gov.uk/msa-guidance", "2024-03-30"}};

    Scene intro = MakeScene("intro", SceneKind::Info, QuestionType::None, "film");
    intro.must_see = true;
    intro.image = "images/door.png";
    signs.scenes.push_back(intro);

    Scene film = MakeScene("film", SceneKind::Film, QuestionType::None, "q-single");
    film.must_watch = true;
    film.video = {{"en", "films/car-wash-en.webm"}, {"cy", "films/car-wash-cy.webm"}};
    film.captions = {{"en", "films/car-wash-en.vtt"}, {"cy", "films/car-wash-cy.vtt"}};
    film.chapters = {{0}, {15000}, {42500}};
    film.pauses = {{20000, "q-single"}, {61250, "q-multi"}};
    signs.scenes.push_back(film);

    Scene single = MakeScene("q-single", SceneKind::Question, QuestionType::Single, "q-multi");
    single.points = 2;
    single.options = {MakeOption("a", false), MakeOption("b", true), MakeOption("c", false)};
    signs.scenes.push_back(single);

    Scene multi = MakeScene("q-multi", SceneKind::Question, QuestionType::Multi, "q-tf");
    multi.points = 3;
    multi.options = {MakeOption("passport-held", true), MakeOption("uniform", false), MakeOption("no-pay", true)};
    signs.scenes.push_back(multi);

    Scene truefalse = MakeScene("q-tf", SceneKind::Question, QuestionType::TrueFalse, "q-hotspot");
    truefalse.points = 1;
    truefalse.options = {MakeOption("true", true), MakeOption("false", false)};
    signs.scenes.push_back(truefalse);

    Scene hotspot = MakeScene("q-hotspot", SceneKind::Question, QuestionType::Hotspot, "q-order");
    hotspot.points = 2;
    hotspot.image = "images/door.png";
    Option window = MakeOption("window", true);
    window.region = Rect{10, 20, 300, 140};
    Option lock = MakeOption("outside-lock", true);
    lock.region = Rect{0, 0, 1, 1};
    hotspot.options = {window, lock, MakeOption("no-region", false)};
    signs.scenes.push_back(hotspot);

    Scene order = MakeScene("q-order", SceneKind::Question, QuestionType::Order, "end");
    order.points = 1;
    order.options = {MakeOption("notice", false), MakeOption("record", false), MakeOption("refer", false)};
    signs.scenes.push_back(order);

    Scene end = MakeScene("end", SceneKind::End, QuestionType::None, "");
    end.signposting = true;
    signs.scenes.push_back(end);
    pack.modules.push_back(signs);

    Module next;
    next.id = "what-next";
    next.minutes = 8;
    next.start = "choice";
    Scene choice = MakeScene("choice", SceneKind::Choice, QuestionType::None, "end-report");
    choice.routes = {{"score >= 3 and not confronted", "end-report"}, {"confronted", "end-risk"}, {"", "end-report"}};
    Option confront = MakeOption("confront", false);
    confront.go_to = "end-risk";
    confront.score = -1;
    confront.set = {{"confronted", "true"}, {"who", "\"manager\""}};
    Option report = MakeOption("report", false);
    report.score = 3;
    report.set = {{"reported", "true"}};
    choice.options = {confront, report, MakeOption("ignore", false)};
    next.scenes.push_back(choice);
    next.scenes.push_back(MakeScene("end-report", SceneKind::End, QuestionType::None, ""));
    next.scenes.push_back(MakeScene("end-risk", SceneKind::End, QuestionType::None, ""));
    pack.modules.push_back(next);

    Site cardiff;
    cardiff.id = "cardiff-central";
    cardiff.region = "south-wales";
    cardiff.agency = "police";
    cardiff.languages = {"cy", "en"};
    cardiff.idle_timeout_s = 120;
    cardiff.idle_countdown_s = 15;
    cardiff.keep_records_days = 1096;
    cardiff.admin_pin_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";
    cardiff.contacts = {{"029 2000 0000", "https://example.org/cardiff"}};
    Site swansea;
    swansea.id = "swansea";
    swansea.languages = {"en"};
    pack.sites = {cardiff, swansea};

    // Sorted by path, as the writer requires; one with a NUL and high bytes, one empty.
    pack.assets.push_back(
        MakeAsset("films/car-wash-en.vtt", "text/vtt", Bytes("WEBVTT\n\n00:00.000 --> 00:02.000\nHi\n"), 0, 0));
    pack.assets.push_back(MakeAsset("images/door.png", "image/png",
                                    {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x7f}, 640, 480));
    pack.assets.push_back(MakeAsset("images/empty.png", "image/png", {}, 0, 0));

    pack.strings["pack/title"]["en"] = {"Modern slavery: spot the signs", false};
    pack.strings["pack/title"]["cy"] = {"Caethwasiaeth fodern: sylwi ar yr arwyddion", false};
    pack.strings[ModuleKey("spot-the-signs", "title")]["en"] = {"Spot the signs", false};
    pack.strings[ModuleKey("spot-the-signs", "title")]["cy"] = {"Sylwi ar yr arwyddion", true};  // fuzzy
    pack.strings[SceneKey("spot-the-signs", "intro", "text")]["en"] = {"Line one\nLine two \u2014 \u201cquoted\u201d",
                                                                       false};
    pack.strings[SceneKey("spot-the-signs", "intro", "text")]["cy"] = {"Dŵr a th\u0177", false};
    pack.strings[OptionKey("spot-the-signs", "q-single", "b", "text")]["en"] = {"Their passport is held", false};
    pack.strings[ChapterKey("spot-the-signs", "film", 1)]["en"] = {"At the car wash", false};
    pack.strings[ContactKey("pack", 0, "name")]["en"] = {"Modern Slavery Helpline", false};
    pack.strings[SiteKey("cardiff-central", "partnership")]["cy"] = {"", false};  // empty text is still a row
    return pack;
}

std::string ReadError(const std::string& path, bool with_asset_data = false) {
    auto result = ReadPack(path, with_asset_data);
    REQUIRE_MESSAGE(std::holds_alternative<std::string>(result), "ReadPack accepted " << path);
    return std::get<std::string>(result);
}

// A reader error is one line that starts with the file's path and says what is wrong.
void CheckReadFails(const std::string& path, const std::string& phrase) {
    std::string error = ReadError(path);
    INFO("error: " << error);
    CHECK(error.rfind(path + ": ", 0) == 0);
    CHECK(error.find(phrase) != std::string::npos);
    CHECK(error.find('\n') == std::string::npos);
}

// Changes a pack behind the writer's back, as a curious admin with the sqlite3 shell would.
void Tamper(const std::string& path, const char* sql, const std::vector<std::string>& params = {}) {
    Database db;
    REQUIRE_FALSE(db.Open(path, SQLITE_OPEN_READWRITE));
    Statement st;
    auto prepared = st.Prepare(db, sql);
    REQUIRE_MESSAGE(!prepared, *prepared);
    for (std::size_t i = 0; i < params.size(); ++i) st.Bind(static_cast<int>(i + 1), params[i]);
    REQUIRE_MESSAGE(st.Step() == StepResult::Done, st.ErrorMessage());
}

std::string WriteRichPack(const TempDir& dir, const std::string& name = "rich.pack") {
    PackData pack = RichPack();
    std::string path = dir.File(name);
    auto error = WritePack(pack, path);
    REQUIRE_MESSAGE(!error, *error);
    return path;
}

}  // namespace

TEST_CASE("pack: a written pack reads back equal - with and without asset data") {
    TempDir dir;
    PackData pack = RichPack();
    std::string path = dir.File("rich.pack");
    auto error = WritePack(pack, path);
    REQUIRE_MESSAGE(!error, *error);
    CHECK(pack.content_hash.size() == 64);
    CHECK(pack.content_hash == ComputeContentHash(pack));

    auto full = ReadPack(path, true);
    REQUIRE_MESSAGE(std::holds_alternative<PackData>(full), std::get<std::string>(full));
    CHECK(std::get<PackData>(full) == pack);

    PackData without_data = pack;
    for (Asset& a : without_data.assets) a.data.clear();
    auto lazy = ReadPack(path, false);
    REQUIRE_MESSAGE(std::holds_alternative<PackData>(lazy), std::get<std::string>(lazy));
    CHECK(std::get<PackData>(lazy) == without_data);

    // Only the pack is left behind (no temporary, no journal), and `file` can tell it by its id.
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir.Path())) names.push_back(entry.path().filename().string());
    CHECK(names == std::vector<std::string>{"rich.pack"});
    std::vector<std::uint8_t> bytes = ReadBytes(path);
    REQUIRE(bytes.size() > 100);
    CHECK(std::string(bytes.begin() + 68, bytes.begin() + 72) == "KPAK");
    CHECK(bytes[16] == 0x10);  // page size 4096, big-endian
    CHECK(bytes[17] == 0x00);
}

TEST_CASE("pack: an empty pack round-trips too") {
    TempDir dir;
    PackData pack;
    std::string path = dir.File("empty.pack");
    auto error = WritePack(pack, path);
    REQUIRE_MESSAGE(!error, *error);
    auto read = ReadPack(path, true);
    REQUIRE_MESSAGE(std::holds_alternative<PackData>(read), std::get<std::string>(read));
    CHECK(std::get<PackData>(read) == pack);
}

TEST_CASE("pack: writing equal content twice gives byte-identical files") {
    TempDir dir;
    std::string first = WriteRichPack(dir, "first.pack");
    std::string second = WriteRichPack(dir, "second.pack");
    std::vector<std::uint8_t> bytes = ReadBytes(first);
    CHECK(bytes == ReadBytes(second));

    // Overwriting in place goes through the temporary file and rename and gives the same bytes again.
    WriteRichPack(dir, "first.pack");
    CHECK(bytes == ReadBytes(first));

    // build_time is stored, so it changes the file, but not the content hash.
    PackData later = RichPack();
    later.build_time = "2024-06-01T09:30:00Z";
    REQUIRE_FALSE(WritePack(later, dir.File("later.pack")));
    CHECK(ReadBytes(dir.File("later.pack")) != bytes);
    PackData original = RichPack();
    CHECK(later.content_hash == ComputeContentHash(original));
}

TEST_CASE("pack: sha256 helper matches the standard test vectors") {
    CHECK(Sha256Hex("abc", 3) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(Sha256Hex(nullptr, 0) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("pack: the content hash changes with any string text - and not with build data") {
    const PackData base = RichPack();
    const std::string base_hash = ComputeContentHash(base);
    CHECK(ComputeContentHash(RichPack()) == base_hash);

    int changed = 0;
    for (const auto& [key, by_language] : base.strings) {
        for (const auto& [language, text] : by_language) {
            PackData edited = base;
            edited.strings[key][language].text += ".";
            const std::string where = key + " [" + language + "]";  // clang cannot capture bindings in INFO
            INFO("string " << where);
            CHECK(ComputeContentHash(edited) != base_hash);
            PackData unfuzzed = base;
            unfuzzed.strings[key][language].fuzzy = !text.fuzzy;
            CHECK(ComputeContentHash(unfuzzed) != base_hash);
            ++changed;
        }
    }
    CHECK(changed == 10);

    PackData rebuilt = base;
    rebuilt.build_time = "2030-01-01T00:00:00Z";
    rebuilt.content_hash = "whatever";
    rebuilt.assets[1].data = {1, 2, 3};  // bytes count only through their sha256
    CHECK(ComputeContentHash(rebuilt) == base_hash);

    PackData other_sha = base;
    other_sha.assets[1].sha256[0] = other_sha.assets[1].sha256[0] == '0' ? '1' : '0';
    CHECK(ComputeContentHash(other_sha) != base_hash);

    // Field boundaries count: "ab" + "c" is not "a" + "bc".
    PackData ab_c = base;
    ab_c.modules[0].sources[0].title = "ab";
    ab_c.modules[0].sources[0].url = "c";
    PackData a_bc = base;
    a_bc.modules[0].sources[0].title = "a";
    a_bc.modules[0].sources[0].url = "bc";
    CHECK(ComputeContentHash(ab_c) != ComputeContentHash(a_bc));

    // So do list boundaries: a source moving from one module to the next is a change.
    PackData moved = base;
    moved.modules[1].sources.insert(moved.modules[1].sources.begin(), moved.modules[0].sources.back());
    moved.modules[0].sources.pop_back();
    CHECK(ComputeContentHash(moved) != base_hash);

    // A film stop moving by a quarter second changes what a learner sees.
    PackData later_pause = base;
    later_pause.modules[0].scenes[1].pauses[0].at_ms += 250;
    CHECK(ComputeContentHash(later_pause) != base_hash);

    PackData no_region = base;
    no_region.modules[0].scenes[5].options[1].region.reset();
    CHECK(ComputeContentHash(no_region) != base_hash);
}

TEST_CASE("pack: reading a missing file - a directory - an empty or a text file says which") {
    TempDir dir;
    CheckReadFails(dir.File("missing.pack"), "no such file");
    CheckReadFails(dir.Path().string(), "is a directory, not a content pack file");

    std::string empty = dir.File("empty.pack");
    WriteBytes(empty, {});
    CheckReadFails(empty, "not a content pack: the file is empty");

    std::string text = dir.File("notes.pack");
    std::string lines;
    for (int i = 0; i < 20; ++i) lines += "This is a text file, not a content pack.\n";
    WriteBytes(text, Bytes(lines));
    CheckReadFails(text, "not a content pack: the file is not an SQLite database");

    std::string short_text = dir.File("short.pack");
    WriteBytes(short_text, Bytes("hello\n"));
    CheckReadFails(short_text, "not a content pack: the file is not an SQLite database");

    auto asset = ReadPackAsset(dir.File("missing.pack"), "images/door.png");
    REQUIRE(std::holds_alternative<std::string>(asset));
    CHECK(std::get<std::string>(asset) == dir.File("missing.pack") + ": no such file");
}

TEST_CASE("pack: reading a truncated pack says it is damaged or truncated") {
    TempDir dir;
    std::string path = WriteRichPack(dir);
    std::vector<std::uint8_t> bytes = ReadBytes(path);
    REQUIRE(bytes.size() > 4 * 4096);

    std::string head = dir.File("head.pack");
    WriteBytes(head, std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 1024));
    CheckReadFails(head, "the pack is damaged or truncated (SQLite: database disk image is malformed)");

    std::string half = dir.File("half.pack");
    WriteBytes(half, std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + static_cast<long>(bytes.size() / 2)));
    CheckReadFails(half, "the pack is damaged or truncated");

    // A cut inside the last page: SQLite alone would read the missing bytes as zeros.
    std::string one_short = dir.File("one-short.pack");
    WriteBytes(one_short, std::vector<std::uint8_t>(bytes.begin(), bytes.end() - 1));
    CheckReadFails(one_short, "the pack is damaged or truncated (the file is " + std::to_string(bytes.size() - 1) +
                                  " bytes, not a whole number of 4096-byte pages)");

    std::string tiny = dir.File("tiny.pack");
    WriteBytes(tiny, std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 50));
    CheckReadFails(tiny, "the pack is damaged or truncated (the file is only 50 bytes)");

    auto asset = ReadPackAsset(half, "images/door.png");
    REQUIRE(std::holds_alternative<std::string>(asset));
    CHECK(std::get<std::string>(asset).find("the pack is damaged or truncated") != std::string::npos);
}

TEST_CASE("pack: reading a pack with a scribbled-over page reports SQLite's diagnosis") {
    TempDir dir;
    std::string path = WriteRichPack(dir);
    std::vector<std::uint8_t> bytes = ReadBytes(path);
    REQUIRE(bytes.size() >= 3 * 4096);
    std::fill(bytes.begin() + 4096, bytes.begin() + 2 * 4096, 0xAA);  // page 2: a table's root
    std::string damaged = dir.File("damaged.pack");
    WriteBytes(damaged, bytes);
    CheckReadFails(damaged, "the pack is damaged or truncated (SQLite: database disk image is malformed)");
}

TEST_CASE("pack: reading another SQLite database says it is not a pack") {
    TempDir dir;
    std::string path = dir.File("records.db");
    {
        Database db;
        REQUIRE_FALSE(db.Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
        REQUIRE_FALSE(
            db.Exec("CREATE TABLE completions(id INTEGER PRIMARY KEY, module TEXT);"
                    "INSERT INTO completions(module) VALUES('spot-the-signs');"));
    }
    CheckReadFails(path, "an SQLite database but not a content pack (application_id 0x00000000, expected 0x4B50414B)");
}

TEST_CASE("pack: reading a pack from a newer schema asks for a kiosk update") {
    TempDir dir;
    const std::string newer = std::to_string(kPackSchemaVersion + 1);
    const std::string phrase = "pack schema " + newer + " is newer than this kiosk understands (" +
                               std::to_string(kPackSchemaVersion) + "); update the kiosk";

    std::string both = WriteRichPack(dir, "both.pack");
    Tamper(both, "UPDATE meta SET value = ?1 WHERE key = 'schema_version'", {newer});
    Tamper(both, ("PRAGMA user_version = " + newer).c_str());
    CheckReadFails(both, phrase);

    // A pack whose meta alone says newer (user_version forgotten) is refused the same way.
    std::string meta_only = WriteRichPack(dir, "meta-only.pack");
    Tamper(meta_only, "UPDATE meta SET value = ?1 WHERE key = 'schema_version'", {newer});
    CheckReadFails(meta_only, phrase);
}

TEST_CASE("pack: reading a pack edited after it was built reports a content hash mismatch") {
    TempDir dir;
    std::string path = WriteRichPack(dir);
    Tamper(path, "UPDATE strings SET text = ?1 WHERE key = ?2 AND lang = ?3", {"Caethwasiaeth", "pack/title", "cy"});
    CheckReadFails(path, "content hash mismatch: the pack was modified after it was built");

    std::string dropped = WriteRichPack(dir, "dropped.pack");
    Tamper(dropped, "DROP TABLE chapters");
    CheckReadFails(dropped, "the pack is damaged or truncated (table 'chapters' is missing)");
}

// A kiosk skips the recomputation only right after a signature covered every byte (pack_install.cpp); the
// skip must not also skip reading: the edited text is what comes back, and a damaged table still fails.
TEST_CASE("pack: a read that skips the content hash still reads every table and still finds damage") {
    TempDir dir;
    std::string path = WriteRichPack(dir);
    Tamper(path, "UPDATE strings SET text = ?1 WHERE key = ?2 AND lang = ?3", {"Caethwasiaeth", "pack/title", "cy"});
    auto read = ReadPack(path, false, false);
    REQUIRE(std::holds_alternative<PackData>(read));
    const PackData& pack = std::get<PackData>(read);
    CHECK(pack.strings.at("pack/title").at("cy").text == "Caethwasiaeth");
    CHECK(pack.modules.size() == RichPack().modules.size());

    std::string dropped = WriteRichPack(dir, "dropped-unhashed.pack");
    Tamper(dropped, "DROP TABLE chapters");
    auto damaged = ReadPack(dropped, false, false);
    REQUIRE(std::holds_alternative<std::string>(damaged));
    CHECK(std::get<std::string>(damaged).find("table 'chapters' is missing") != std::string::npos);
}

TEST_CASE("pack: assets are read one at a time and checked against their sha256") {
    TempDir dir;
    PackData pack = RichPack();
    std::string path = WriteRichPack(dir);
    for (const Asset& expected : pack.assets) {
        auto read = ReadPackAsset(path, expected.path);
        REQUIRE_MESSAGE(std::holds_alternative<std::vector<std::uint8_t>>(read), std::get<std::string>(read));
        CHECK(std::get<std::vector<std::uint8_t>>(read) == expected.data);
    }

    auto missing = ReadPackAsset(path, "images/nope.png");
    REQUIRE(std::holds_alternative<std::string>(missing));
    CHECK(std::get<std::string>(missing) == path + ": no asset 'images/nope.png' in the pack");

    Tamper(path, "UPDATE assets SET data = X'89504E470D0A1A0A00FF7E' WHERE path = ?1", {"images/door.png"});
    const std::string phrase = "asset 'images/door.png' is damaged: its bytes do not match the recorded sha256";
    auto altered = ReadPackAsset(path, "images/door.png");
    REQUIRE(std::holds_alternative<std::string>(altered));
    CHECK(std::get<std::string>(altered) == path + ": " + phrase);
    // The other assets and the lazily-read pack are still fine; a full read is not.
    CHECK(std::holds_alternative<std::vector<std::uint8_t>>(ReadPackAsset(path, "films/car-wash-en.vtt")));
    CHECK(std::holds_alternative<PackData>(ReadPack(path, false)));
    CHECK(ReadError(path, true) == path + ": " + phrase);
}

TEST_CASE("pack: a film streams from its blob in pieces with seeks and a damaged one is refused before any byte") {
    TempDir dir;
    PackData pack = RichPack();
    // A film-sized asset with a pattern, so a piece read at the wrong offset shows.
    std::vector<std::uint8_t> film(3 * 1024 * 1024 + 17);
    for (std::size_t i = 0; i < film.size(); ++i) film[i] = static_cast<std::uint8_t>((i * 7919) >> 8);
    Asset big;
    big.path = "films/big.mp4";
    big.mime = "video/mp4";
    big.data = film;
    big.sha256 = Sha256Hex(film.data(), film.size());
    pack.assets.push_back(big);
    std::sort(pack.assets.begin(), pack.assets.end(), [](const Asset& a, const Asset& b) { return a.path < b.path; });
    std::string path = dir.File("film.pack");
    auto written = WritePack(pack, path);
    REQUIRE_MESSAGE(!written, *written);

    {
        auto opened = PackAssetStream::Open(path, "films/big.mp4");
        REQUIRE_MESSAGE(std::holds_alternative<std::unique_ptr<PackAssetStream>>(opened), std::get<std::string>(opened));
        auto& stream = *std::get<std::unique_ptr<PackAssetStream>>(opened);
        CHECK(stream.Size() == film.size());
        std::vector<std::uint8_t> all;
        std::vector<std::uint8_t> piece(65536 + 3);
        for (std::int64_t n; (n = stream.Read(piece.data(), piece.size())) > 0;)
            all.insert(all.end(), piece.begin(), piece.begin() + n);
        CHECK(all == film);
        CHECK(stream.Read(piece.data(), piece.size()) == 0);
        REQUIRE(stream.Seek(1'000'001));
        REQUIRE(stream.Read(piece.data(), 10) == 10);
        CHECK(std::equal(piece.begin(), piece.begin() + 10, film.begin() + 1'000'001));
        CHECK_FALSE(stream.Seek(film.size() + 1));
        CHECK(stream.Seek(film.size()));
        CHECK(stream.Read(piece.data(), 10) == 0);
    }  // the open blob holds a read lock on the pack until here

    auto missing = PackAssetStream::Open(path, "films/none.mp4");
    REQUIRE(std::holds_alternative<std::string>(missing));
    CHECK(std::get<std::string>(missing) == path + ": cannot read 'films/none.mp4' from the pack (no such asset)");

    Tamper(path, "UPDATE assets SET data = zeroblob(length(data)) WHERE path = ?1", {"films/big.mp4"});
    auto altered = PackAssetStream::Open(path, "films/big.mp4");
    REQUIRE(std::holds_alternative<std::string>(altered));
    CHECK(std::get<std::string>(altered) ==
          path + ": cannot read 'films/big.mp4' from the pack (its bytes do not match the sha256 recorded in the pack)");
}

TEST_CASE("pack: the writer refuses what it could not read back - and leaves nothing behind") {
    TempDir dir;
    std::string path = dir.File("bad.pack");
    auto refused = [&](PackData pack, const std::string& phrase) {
        auto error = WritePack(pack, path);
        REQUIRE(error);
        INFO("error: " << *error);
        CHECK(error->rfind(path + ": cannot write the pack: ", 0) == 0);
        CHECK(error->find(phrase) != std::string::npos);
    };

    PackData duplicate = RichPack();
    duplicate.modules[1].id = duplicate.modules[0].id;
    refused(duplicate, "duplicate module id 'spot-the-signs'");

    PackData duplicate_option = RichPack();
    duplicate_option.modules[0].scenes[2].options[1].id = "a";
    refused(duplicate_option, "duplicate option id 'spot-the-signs/q-single/a'");

    PackData unsorted = RichPack();
    std::swap(unsorted.assets[0], unsorted.assets[1]);
    refused(unsorted, "assets must be sorted by path");

    PackData wrong_sha = RichPack();
    wrong_sha.assets[0].data.push_back('!');
    refused(wrong_sha, "asset 'films/car-wash-en.vtt': sha256 does not match its data");

    PackData comma = RichPack();
    comma.sites[0].languages = {"cy,en"};
    refused(comma, "site 'cardiff-central' language 'cy,en' contains ','");

    PackData fine = RichPack();
    auto error = WritePack(fine, dir.File("no-such-dir/x.pack"));
    REQUIRE(error);
    CHECK(error->rfind(dir.File("no-such-dir/x.pack") + ": cannot write the pack: ", 0) == 0);

    CHECK(fs::is_empty(dir.Path()));
}
