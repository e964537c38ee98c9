// NewUuidV4 (core/util/uuid.h), the ids of every records row: RFC 4122 version 4, lower case, unique.
#include <doctest/doctest.h>

#include <cstddef>
#include <set>
#include <string>

#include "core/util/uuid.h"

using namespace kiosk::core;

TEST_CASE("uuid: RFC 4122 version 4 in lower case and unique") {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        std::string id = NewUuidV4();
        REQUIRE(id.size() == 36);
        for (std::size_t k = 0; k < id.size(); ++k) {
            if (k == 8 || k == 13 || k == 18 || k == 23)
                CHECK(id[k] == '-');
            else
                CHECK(((id[k] >= '0' && id[k] <= '9') || (id[k] >= 'a' && id[k] <= 'f')));
        }
        CHECK(id[14] == '4');
        CHECK(std::string("89ab").find(id[19]) != std::string::npos);
        seen.insert(id);
    }
    CHECK(seen.size() == 1000);
    CHECK(NewUuidV4Thunk(nullptr).size() == 36);
}
