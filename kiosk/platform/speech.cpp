// espeak-ng read aloud (see speech.h). All calls come from the UI thread; espeak-ng's own playback
// thread does the speaking, so Speak only queues text and returns.
#include "platform/speech.h"

#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

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

namespace {

// espeak-ng hands synchronous output to this callback in pieces; `user_data` is the buffer.
int Collect(short* samples, int count, espeak_EVENT* events) {
    if (samples && count > 0 && events && events->user_data) {
        auto* out = static_cast<std::vector<short>*>(events->user_data);
        out->insert(out->end(), samples, samples + count);
    }
    return 0;  // 0: carry on
}

// A mono 16-bit PCM WAV file: the RIFF header, then the samples (little-endian, as espeak-ng made them
// on this little-endian machine).
bool WriteWav(const std::filesystem::path& path, const std::vector<short>& samples, int rate) {
    std::ofstream out(path, std::ios::binary);
    auto u32 = [&](std::uint32_t v) { out.write(reinterpret_cast<const char*>(&v), 4); };
    auto u16 = [&](std::uint16_t v) { out.write(reinterpret_cast<const char*>(&v), 2); };
    const auto bytes = static_cast<std::uint32_t>(samples.size() * sizeof(short));
    out.write("RIFF", 4);
    u32(36 + bytes);
    out.write("WAVEfmt ", 8);
    u32(16);
    u16(1);  // PCM
    u16(1);  // mono
    u32(static_cast<std::uint32_t>(rate));
    u32(static_cast<std::uint32_t>(rate) * 2);
    u16(2);
    u16(16);
    out.write("data", 4);
    u32(bytes);
    out.write(reinterpret_cast<const char*>(samples.data()), bytes);
    return static_cast<bool>(out);
}

}  // namespace

Speech::Speech(bool enabled, std::string record_dir) : m_recordDir(std::move(record_dir)) {
    if (!m_recordDir.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(m_recordDir, ec);
        if (ec) {
            m_status = "off: cannot record to " + m_recordDir + " (" + ec.message() + ")";
            return;
        }
        m_rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, 0);
        if (m_rate <= 0) {
            m_status = "off: cannot record to " + m_recordDir + " (espeak-ng could not start)";
            return;
        }
        espeak_SetSynthCallback(Collect);
        espeak_SetVoiceByName("en");
        m_voice = "en";
        m_available = true;
        m_status = "recorded to " + m_recordDir + " (espeak-ng, " + std::to_string(m_rate) + " Hz)";
        return;
    }
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
    if (!m_recordDir.empty()) {
        Record(spoken);
        return;
    }
    // Plain UTF-8, no SSML: pack text is not markup, and a '<' in it must be read, not parsed.
    espeak_Synth(spoken.c_str(), spoken.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr);
}

void Speech::Record(const std::string& text) {
    std::vector<short> samples;
    espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, &samples);
    char name[32];
    std::snprintf(name, sizeof name, "%04d-%s", ++m_recorded, m_voice.c_str());
    const std::filesystem::path base = std::filesystem::path(m_recordDir) / name;
    std::ofstream words(base.string() + ".txt");
    words << "voice: " << m_voice << "\nsamples: " << samples.size() << "\nrate: " << m_rate << "\n\n" << text << "\n";
    words.close();
    if (!WriteWav(base.string() + ".wav", samples, m_rate) || !words)
        std::fprintf(stderr, "kiosk: cannot write the read-aloud recording %s (.wav, .txt)\n", base.c_str());
}

void Speech::Stop() {
    if (m_available) espeak_Cancel();
}

}  // namespace kiosk::platform
