// Read aloud through libespeak-ng (English and Welsh voices ship with it). Asynchronous: espeak-ng's
// playback mode speaks on its own thread, so the UI never waits; a new request cuts off the previous one.
// With no audio output (a headless CI box) or --no-audio it is simply off: no crash, no hang, no spew.
#pragma once

#include <string>

namespace kiosk::platform {

class Speech {
public:
    // Starts espeak-ng when `enabled` and an audio output seems to exist; otherwise stays off. With a
    // `record_dir` (kiosk --speech-to), what would be read aloud is written there instead, one WAV file
    // and one text file per request (0001-en.wav, 0001-en.txt: the words and the voice), so tests and
    // reviewers can hear it on a machine without speakers.
    explicit Speech(bool enabled, std::string record_dir = {});
    ~Speech();
    Speech(const Speech&) = delete;
    Speech& operator=(const Speech&) = delete;

    bool Available() const { return m_available; }
    // Why speech is on or off, for the start-up log ("espeak-ng 22050 Hz", "off: no audio device").
    const std::string& Status() const { return m_status; }

    // Starts reading `text` in `language` ("en", "cy"; English if the pack's language has no voice),
    // stopping whatever was being read. Returns at once. Does nothing when speech is off.
    void Speak(const std::string& text, const std::string& language);
    // Stops reading (e.g. when the sitting ends, so nothing of it is heard by the next person).
    void Stop();

private:
    void Record(const std::string& text);

    bool m_available = false;
    std::string m_recordDir;  // set: synchronous synthesis into files, not playback
    int m_rate = 0;
    int m_recorded = 0;
    std::string m_status;
    std::string m_voice;  // the voice espeak-ng currently has
};

// Whether this machine seems to have somewhere to play sound: a PulseAudio/PipeWire socket or an ALSA
// card. Checked up front because espeak-ng would otherwise print ALSA errors on every request.
bool AudioOutputLikely();

}  // namespace kiosk::platform
