// The session's timers and queries (a part of the state machine in session.cpp): when the next timed change
// is due, and what the screens read from a state (module, scene, texts, contacts, names).
#include "core/session/session.h"

#include <algorithm>

namespace kiosk::core {
namespace {

const std::string kEmpty;

// The next deadline of the idle timer and the attract screen's facts.
TimeMs NextDeadlineUnlocked(const SessionState& state, const SessionConfig& config, TimeMs now) {
    if (state.screen == Screen::Attract) {
        // With one fact or none, nothing on the attract screen changes by itself: sleep for an hour.
        if (config.pack->facts.size() < 2) return 3'600'000;
        return state.fact_since + config.fact_rotation_ms - now;
    }
    const TimeMs idle_ms = (config.site ? config.site->idle_timeout_s : 90) * 1000LL;
    const TimeMs countdown_ms = (config.site ? config.site->idle_countdown_s : 20) * 1000LL;
    if (!state.idle_warning) return state.last_touch + idle_ms - now;
    // During the countdown the overlay's number changes every second.
    TimeMs reset_at = state.last_touch + idle_ms + countdown_ms;
    TimeMs to_next_second = (reset_at - now) % 1000;
    return std::min(reset_at - now, to_next_second == 0 ? 1000 : to_next_second);
}

}  // namespace

TimeMs NextDeadline(const SessionState& state, const SessionConfig& config, TimeMs now) {
    if (state.screen == Screen::AdminPin && state.admin_locked && !state.idle_warning) {
        // The pad says "try again in N minutes": wake when N changes, and when the lock ends.
        TimeMs left = state.admin_locked_until - now;
        TimeMs to_next_minute = left % 60000 == 0 ? 60000 : left % 60000;
        return std::min({left, to_next_minute, NextDeadlineUnlocked(state, config, now)});
    }
    return NextDeadlineUnlocked(state, config, now);
}

int IdleSecondsLeft(const SessionState& state, const SessionConfig& config, TimeMs now) {
    const TimeMs idle_ms = (config.site ? config.site->idle_timeout_s : 90) * 1000LL;
    const TimeMs countdown_ms = (config.site ? config.site->idle_countdown_s : 20) * 1000LL;
    TimeMs left = state.last_touch + idle_ms + countdown_ms - now;
    return left <= 0 ? 0 : static_cast<int>((left + 999) / 1000);
}

const Module* CurrentModule(const SessionState& state, const SessionConfig& config) {
    if (!state.run) return nullptr;
    return &config.pack->modules[state.run->module_index];
}

const Scene* CurrentScene(const SessionState& state, const SessionConfig& config) {
    const Module* module = CurrentModule(state, config);
    return module ? &module->scenes[state.run->scene_index] : nullptr;
}

const std::string& Text(const SessionState& state, const SessionConfig& config, const std::string& key) {
    auto it = config.pack->strings.find(key);
    if (it == config.pack->strings.end()) return kEmpty;
    auto text = it->second.find(state.language);
    if (text != it->second.end()) return text->second.text;
    if (!config.pack->languages.empty()) {
        text = it->second.find(config.pack->languages.front());
        if (text != it->second.end()) return text->second.text;
    }
    return kEmpty;
}

std::vector<ContactRef> ContactsToShow(const SessionConfig& config) {
    std::vector<ContactRef> out;
    if (config.site)
        for (std::size_t i = 0; i < config.site->contacts.size(); ++i)
            out.push_back({"site/" + config.site->id, i, &config.site->contacts[i]});
    for (std::size_t i = 0; i < config.pack->contacts.size(); ++i) out.push_back({"pack", i, &config.pack->contacts[i]});
    return out;
}

const char* ToString(Screen screen) {
    switch (screen) {
        case Screen::Attract: return "attract";
        case Screen::AboutYou: return "about-you";
        case Screen::Menu: return "menu";
        case Screen::ResumeOffer: return "resume-offer";
        case Screen::ContentWarning: return "content-warning";
        case Screen::Scene: return "scene";
        case Screen::Leaving: return "leaving";
        case Screen::AdminPin: return "admin-pin";
        case Screen::Admin: return "admin";
    }
    return "?";
}

const char* ToString(SittingOutcome outcome) {
    switch (outcome) {
        case SittingOutcome::Completed: return "completed";
        case SittingOutcome::Abandoned: return "abandoned";
        case SittingOutcome::Left: return "left";
    }
    return "?";
}

}  // namespace kiosk::core
