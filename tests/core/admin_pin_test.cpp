// The admin PIN is stored and checked only as a libsodium Argon2id hash.
#include <doctest/doctest.h>

#include "core/trust/admin_pin.h"

TEST_CASE("admin PIN hashes verify the right PIN only - and never contain it") {
    auto hash = kiosk::core::HashAdminPin("2468");
    REQUIRE(hash.has_value());
    CHECK(hash->rfind("$argon2id$", 0) == 0);
    CHECK(hash->find("2468") == std::string::npos);
    CHECK(kiosk::core::VerifyAdminPin("2468", *hash));
    CHECK_FALSE(kiosk::core::VerifyAdminPin("2469", *hash));
    CHECK_FALSE(kiosk::core::VerifyAdminPin("2468", ""));
    CHECK_FALSE(kiosk::core::VerifyAdminPin("2468", "not a hash"));
}
