// core::ParseSqliteHeader, the one reading of an SQLite file's header shared by the pack reader, the
// kiosk's records DB and kiosk-report's inputs: a foreign file, a cut-short header, an invalid page size
// and a stale page count must each be told apart, or a refusal names the wrong problem.
#include <doctest/doctest.h>

#include <string>

#include "core/util/sqlite_header.h"

using kiosk::core::ParseSqliteHeader;

namespace {

// A 100-byte header: page size as stored (1 means 65536), the change counter, the page count and the
// "version-valid-for" number.
std::string Header(unsigned page_size_field, unsigned change, unsigned pages, unsigned valid_for) {
    std::string h("SQLite format 3\0", 16);
    h.resize(100, '\0');
    auto put32 = [&](std::size_t at, unsigned v) {
        for (int i = 0; i < 4; ++i) h[at + i] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
    };
    h[16] = static_cast<char>(page_size_field >> 8);
    h[17] = static_cast<char>(page_size_field & 0xFF);
    put32(24, change);
    put32(28, pages);
    put32(92, valid_for);
    return h;
}

}  // namespace

TEST_CASE("ParseSqliteHeader: a whole header with a valid page count gives the file's length") {
    auto h = ParseSqliteHeader(Header(4096, 7, 3, 7));
    CHECK(h.magic);
    CHECK(h.complete);
    CHECK(h.page_size == 4096);
    CHECK(h.page_size_valid);
    CHECK(h.claimed_bytes == 3 * 4096);
    CHECK(ParseSqliteHeader(Header(1, 1, 2, 1)).page_size == 65536);  // 1 is how 64 KiB pages are stored
}

TEST_CASE("ParseSqliteHeader: a stale page count claims nothing") {
    CHECK(ParseSqliteHeader(Header(4096, 8, 3, 7)).claimed_bytes == 0);
}

TEST_CASE("ParseSqliteHeader: foreign files and short headers are told apart") {
    CHECK_FALSE(ParseSqliteHeader("PK\x03\x04 a zip file").magic);
    CHECK_FALSE(ParseSqliteHeader("").magic);
    auto cut = ParseSqliteHeader(Header(4096, 1, 1, 1).substr(0, 60));
    CHECK(cut.magic);
    CHECK_FALSE(cut.complete);
    CHECK(ParseSqliteHeader("SQLite for").magic);  // a prefix: the caller decides how short is "not SQLite"
}

TEST_CASE("ParseSqliteHeader: a page size that is not a power of two from 512 to 65536 is invalid") {
    CHECK_FALSE(ParseSqliteHeader(Header(1000, 1, 1, 1)).page_size_valid);
    CHECK_FALSE(ParseSqliteHeader(Header(256, 1, 1, 1)).page_size_valid);
    CHECK(ParseSqliteHeader(Header(1000, 1, 1, 1)).claimed_bytes == 0);
}
