// Whether the statement an LRS holds under an id is the one kiosk-sync sent, by the rules of xAPI 1.0.3
// (Data §2.3.1, Statement comparison): what the LRS adds or may rewrite is ignored (stored, authority,
// version; a timestamp written differently for the same instant), everything the kiosk wrote must match.
// Used after a lone 409 Conflict: the same statement means it was stored before (acked); a different one
// means someone else used the id (quarantined, never re-numbered).
#pragma once

#include <string>

namespace kiosk::sync {

bool SameStatement(const std::string& ours, const std::string& theirs);

}  // namespace kiosk::sync
