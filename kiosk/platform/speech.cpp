// espeak-ng read aloud (see speech.h). All calls come from the UI thread; espeak-ng's own playback
// thread does the speaking, so Speak only queues text and returns.
#include "platform/speech.h"

#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace kiosk::platform {
namespace {

constexpr std::size_t kMaxSpokenBytes = 20000;  // a screen's worth; more is a bug, not a screen

bool Exists(const std::string& path) {
    std::error_code ec;
    return !path.empty() && std::filesystem::exists(path, ec);
}

}  // namespace

bool AudioOutputLikely() {
    if (const char* server = std::getenv("PULSE_SERVER"); server && *server) return true;
    if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime && *runtime) {
        if (Exists(std::string(runtime) + "/pulse/native")) return true;
    }
    if (Exists("/run/pulse/native")) return true;  // PulseAudio in system mode, common on kiosks
    std::ifstream cards("/proc/asound/cards");
    std::string first;
    if (cards && std::getline(cards, first)) return first.find("no soundcards") == std::string::npos;
    return false;
}

Speech::Speech(bool enabled) {
    if (!enabled) {
        m_status = "off (--no-audio)";
        return;
    }
    if (!AudioOutputLikely()) {
        m_status = "off: no audio device (no PulseAudio socket, no ALSA card)";
        return;
    }
    int rate = espeak_Initialize(AUDIO_OUTPUT_PLAYBACK, 0, nullptr, 0);
    if (rate <= 0) {
        m_status = "off: espeak-ng could not start (is espeak-ng-data installed?)";
        return;
    }
    if (espeak_SetVoiceByName("en") != EE_OK) {
        espeak_Terminate();
        m_status = "off: espeak-ng has no English voice";
        return;
    }
    m_voice = "en";
    m_available = true;
    m_status = "espeak-ng, " + std::to_string(rate) + " Hz";
}

Speech::~Speech() {
    if (m_available) {
        espeak_Cancel();
        espeak_Terminate();
    }
}

void Speech::Speak(const std::string& text, const std::string& language) {
    if (!m_available) return;
    espeak_Cancel();
    if (text.empty()) return;
    std::string voice = language.empty() ? "en" : language;
    if (voice != m_voice) {
        if (espeak_SetVoiceByName(voice.c_str()) != EE_OK) {
            voice = "en";
            espeak_SetVoiceByName("en");
        }
        m_voice = voice;
    }
    std::size_t cut = std::min(text.size(), kMaxSpokenBytes);
    while (cut < text.size() && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    std::string spoken = text.substr(0, cut);  // cut between characters, never inside one
    // Plain UTF-8, no SSML: pack text is not markup, and a '<' in it must be read, not parsed.
    espeak_Synth(spoken.c_str(), spoken.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr);
}

void Speech::Stop() {
    if (m_available) espeak_Cancel();
}

}  // namespace kiosk::platform
