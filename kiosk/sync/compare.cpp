// SameStatement (compare.h).
#include "sync/compare.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace kiosk::sync {

using nlohmann::json;

namespace {

// Milliseconds since the epoch of an ISO 8601 time with a Z or an offset; NaN when it is not one.
double Instant(const std::string& text) {
    int y, mo, d, h, mi;
    double s;
    int consumed = 0;
    if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%lf%n", &y, &mo, &d, &h, &mi, &s, &consumed) < 6) return NAN;
    std::string zone = text.substr(static_cast<std::size_t>(consumed));
    int offset_min = 0;
    if (zone == "Z" || zone == "z" || zone.empty()) {
        offset_min = 0;
    } else {
        int oh = 0, om = 0;
        char sign = 0;
        if (std::sscanf(zone.c_str(), "%c%d:%d", &sign, &oh, &om) < 2 || (sign != '+' && sign != '-')) return NAN;
        offset_min = (sign == '-' ? -1 : 1) * (oh * 60 + om);
    }
    // Days from the civil date (Howard Hinnant's algorithm), so no time zone of the process is involved.
    y -= mo <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = static_cast<unsigned>((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const double days = era * 146097.0 + static_cast<double>(doe) - 719468.0;
    return ((days * 24 + h) * 60 + mi - offset_min) * 60000.0 + s * 1000.0;
}

// The LRS may add "objectType": "Activity" to an object, or "Agent" to an actor; the kiosk always writes
// them, so a missing one is read as the default.
void Normalise(json& st) {
    if (!st.is_object()) return;
    for (const char* added : {"stored", "authority", "version"}) st.erase(added);
    if (st.contains("object") && st["object"].is_object() && !st["object"].contains("objectType"))
        st["object"]["objectType"] = "Activity";
    if (st.contains("actor") && st["actor"].is_object() && !st["actor"].contains("objectType"))
        st["actor"]["objectType"] = "Agent";
}

}  // namespace

bool SameStatement(const std::string& ours, const std::string& theirs) {
    json a = json::parse(ours, nullptr, false);
    json b = json::parse(theirs, nullptr, false);
    if (a.is_discarded() || b.is_discarded() || !a.is_object() || !b.is_object()) return false;
    Normalise(a);
    Normalise(b);
    if (a.contains("timestamp") && b.contains("timestamp") && a["timestamp"].is_string() && b["timestamp"].is_string()) {
        double ta = Instant(a["timestamp"].get<std::string>()), tb = Instant(b["timestamp"].get<std::string>());
        if (std::isnan(ta) || std::isnan(tb) || std::fabs(ta - tb) > 0.5) return false;
        a.erase("timestamp");
        b.erase("timestamp");
    }
    return a == b;
}

}  // namespace kiosk::sync
