// Random UUIDs (RFC 4122 version 4) for every records row, so DBs from many kiosks merge without
// clashes. The randomness comes from libsodium (the OS CSPRNG), never from rand() or a seeded PRNG.
#pragma once

#include <string>

namespace kiosk::core {

// A fresh random UUID, lower-case, 36 characters: "xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx".
std::string NewUuidV4();

// NewUuidV4 with the signature of SessionConfig::new_uuid; `context` is ignored (pass nullptr).
std::string NewUuidV4Thunk(void* context);

}  // namespace kiosk::core
