// The seeded records generator (fixture.h). std::mt19937_64 is specified exactly by the standard, so a
// seed gives the same numbers everywhere; std::*_distribution is not, so only raw draws are used.
#include "report/fixture.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>

#include "core/pack/pack_io.h"
#include "core/session/session.h"

namespace report::fixture {

namespace {

using kiosk::core::SittingOutcome;

struct Question {
    const char* scene;
    const char* type;
    std::vector<std::string> options;
    std::vector<std::string> right;  // the right answer (order: the right order)
    int difficulty;                  // 0 easy .. 3 hard
};

struct Module {
    const char* id;
    std::vector<Question> questions;
};

const std::vector<Module>& Modules() {
    static const std::vector<Module> modules = {
        {"spotting-the-signs",
         {{"q-appearance", "single", {"a", "b", "c", "d"}, {"b"}, 0},
          {"q-documents", "multi", {"a", "b", "c", "d", "e"}, {"a", "c"}, 2},
          {"q-debt-bondage", "truefalse", {"true", "false"}, {"true"}, 1},
          {"q-nail-bar", "single", {"a", "b", "c"}, {"c"}, 3},
          {"q-order-steps", "order", {"a", "b", "c", "d"}, {"b", "a", "d", "c"}, 2}}},
        {"responding",
         {{"q-safe-space", "single", {"a", "b", "c", "d"}, {"a"}, 1},
          {"q-interpreter", "truefalse", {"true", "false"}, {"false"}, 2},
          {"q-first-steps", "multi", {"a", "b", "c", "d"}, {"b", "d"}, 1},
          {"q-duty-to-notify", "single", {"a", "b", "c"}, {"b"}, 3}}},
        {"referral-nrm",
         {{"q-first-responder", "single", {"a", "b", "c", "d"}, {"d"}, 2},
          {"q-consent-adult", "truefalse", {"true", "false"}, {"true"}, 1},
          {"q-child-consent", "truefalse", {"true", "false"}, {"false"}, 2}}},
    };
    return modules;
}

const std::vector<std::string>& Roles() {
    static const std::vector<std::string> roles = {"police", "health", "social-care", "housing", "voluntary", "other"};
    return roles;
}

// How much better than average each role does (health staff miss more: the report should show it).
int RoleSkill(const std::string& role) {
    static const std::map<std::string, int> skill = {{"police", 15}, {"health", -15}, {"social-care", 5},
                                                     {"housing", 0}, {"voluntary", 0}, {"other", -5}};
    return skill.at(role);
}

class Random {
public:
    explicit Random(std::uint64_t seed) : m_engine(seed) {}
    // 0..n-1 (modulo bias is irrelevant for fixtures; the point is determinism).
    std::uint64_t Below(std::uint64_t n) { return m_engine() % n; }
    bool Percent(int p) { return static_cast<int>(Below(100)) < p; }
    std::string Uuid() {
        std::uint64_t a = m_engine(), b = m_engine();
        a = (a & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;  // version 4
        b = (b & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // variant 10
        char text[40];
        std::snprintf(text, sizeof text, "%08llx-%04llx-%04llx-%04llx-%012llx", static_cast<unsigned long long>(a >> 32),
                      static_cast<unsigned long long>((a >> 16) & 0xFFFF), static_cast<unsigned long long>(a & 0xFFFF),
                      static_cast<unsigned long long>(b >> 48), static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFull));
        return text;
    }
    std::string Hex(int digits) {
        std::string hex;
        for (int i = 0; i < digits; ++i) hex += "0123456789abcdef"[Below(16)];
        return hex;
    }

private:
    std::mt19937_64 m_engine;
};

std::string Stamp(int year, int month, int day, int seconds_of_day) {
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, seconds_of_day / 3600,
                  seconds_of_day / 60 % 60, seconds_of_day % 60);
    return text;
}

std::vector<Sitting> KioskSittings(const Options& options, std::size_t index) {
    Random random(options.seed * 1000003ull + index);
    int count = options.small_kiosks && index % 5 == 4 ? 1 + static_cast<int>(random.Below(4))
                               : options.sittings_per_kiosk / 2 + static_cast<int>(random.Below(
                                                                      static_cast<std::uint64_t>(options.sittings_per_kiosk) + 1));
    std::vector<Sitting> sittings;
    int upgrade_month = static_cast<int>(random.Below(static_cast<std::uint64_t>(options.months) + 1));
    for (int n = 0; n < count; ++n) {
        Sitting s;
        s.id = random.Uuid();
        s.kiosk = index;
        s.role = Roles()[random.Below(Roles().size())];
        s.language = random.Percent(10) ? "cy" : "en";
        if (random.Percent(30)) s.staff_hash = random.Hex(64);
        int month_offset = static_cast<int>(random.Below(static_cast<std::uint64_t>(options.months)));
        int month0 = options.first_month - 1 + month_offset;
        int year = options.first_year + month0 / 12, month = month0 % 12 + 1;
        int day = 1 + static_cast<int>(random.Below(28));
        int clock = 8 * 3600 + static_cast<int>(random.Below(9 * 3600));
        s.pack_version = month_offset >= upgrade_month ? 4 : 3;
        s.started_at = Stamp(year, month, day, clock);

        int end_roll = static_cast<int>(random.Below(100));
        std::optional<SittingOutcome> outcome = end_roll < 78   ? std::optional(SittingOutcome::Completed)
                                                : end_roll < 88 ? std::optional(SittingOutcome::Abandoned)
                                                : end_roll < 96 ? std::optional(SittingOutcome::Left)
                                                                : std::nullopt;
        // Modules taken: one or two, in a random order; an abandoned or left sitting stops part way.
        std::size_t first = random.Below(Modules().size());
        std::size_t taken = random.Percent(40) ? 2 : 1;
        bool stopped = false;
        for (std::size_t m = 0; m < taken && !stopped; ++m) {
            const Module& module = Modules()[(first + m) % Modules().size()];
            int points = 0, seconds_in_module = 30;
            for (std::size_t q = 0; q < module.questions.size(); ++q) {
                if (outcome != SittingOutcome::Completed && m + 1 == taken && q * 2 >= module.questions.size()) {
                    stopped = true;  // walked away half way through the last module
                    break;
                }
                const Question& question = module.questions[q];
                Answer a;
                a.id = random.Uuid();
                a.module = module.id;
                a.scene = question.scene;
                a.type = question.type;
                a.correct = random.Percent(80 - 15 * question.difficulty + RoleSkill(s.role));
                if (a.correct) {
                    a.chosen = question.right;
                } else if (std::string(question.type) == "order") {
                    a.chosen = question.right;
                    std::swap(a.chosen[0], a.chosen[1 + random.Below(a.chosen.size() - 1)]);
                } else if (std::string(question.type) == "multi") {
                    // A popular wrong answer (the first right option plus the first wrong one), or one right option only.
                    std::string tempting;
                    for (const std::string& o : question.options)
                        if (tempting.empty() && o != question.right[0] && o != question.right[1]) tempting = o;
                    a.chosen = random.Percent(60) ? std::vector<std::string>{question.right[0], tempting}
                                                  : std::vector<std::string>{question.right[1]};
                } else {
                    // Wrong options are not equally tempting: the one after the right one is the usual mistake.
                    std::vector<std::string> wrong;
                    for (const std::string& o : question.options)
                        if (o != question.right[0]) wrong.push_back(o);
                    a.chosen = {wrong[random.Percent(70) ? 0 : random.Below(wrong.size())]};
                }
                a.seconds = 5 + static_cast<int>(random.Below(60));
                seconds_in_module += a.seconds + 20;
                a.answered_at = Stamp(year, month, day, clock + seconds_in_module);
                if (a.correct) ++points;
                s.answers.push_back(std::move(a));
            }
            if (stopped) break;
            Completion c;
            c.id = random.Uuid();
            c.module = module.id;
            c.points = points;
            c.points_possible = static_cast<int>(module.questions.size());
            c.percent = (100 * points + c.points_possible / 2) / c.points_possible;
            c.passed = c.percent >= 70;
            c.seconds = seconds_in_module + static_cast<int>(random.Below(120));
            clock += c.seconds;
            c.completed_at = Stamp(year, month, day, clock);
            s.completions.push_back(std::move(c));
        }
        if (outcome) {
            s.outcome = outcome;
            s.ended_at = Stamp(year, month, day, clock + 60);
        }
        sittings.push_back(std::move(s));
    }
    return sittings;
}

}  // namespace

std::vector<Kiosk> Kiosks(const Options& options) {
    // 4 regions x 2 partnerships x 2 agencies; kiosks dealt round the 16 agencies.
    static const char* regions[] = {"north-west", "wales", "london", "yorkshire"};
    std::vector<Kiosk> kiosks;
    for (int i = 0; i < options.kiosks; ++i) {
        int agency = i % 16, partnership = agency / 2, region = partnership / 2;
        Kiosk k;
        char id[32];
        std::snprintf(id, sizeof id, "kiosk-%03d", i);
        k.id = id;
        k.region = regions[region];
        k.partnership = std::string(regions[region]) + " partnership " + std::to_string(partnership % 2 + 1);
        k.agency = k.partnership + " agency " + std::to_string(agency % 2 + 1);
        k.site = "site-" + std::to_string(i / 2);
        kiosks.push_back(std::move(k));
    }
    return kiosks;
}

void ForEachKiosk(const Options& options,
                  const std::function<void(const Kiosk&, std::size_t, const std::vector<Sitting>&)>& each) {
    std::vector<Kiosk> kiosks = Kiosks(options);
    for (std::size_t i = 0; i < kiosks.size(); ++i) each(kiosks[i], i, KioskSittings(options, i));
}

Dataset Generate(const Options& options) {
    Dataset data;
    data.kiosks = Kiosks(options);
    ForEachKiosk(options, [&](const Kiosk&, std::size_t, const std::vector<Sitting>& sittings) {
        data.sittings.insert(data.sittings.end(), sittings.begin(), sittings.end());
    });
    return data;
}

std::optional<std::string> WriteKiosk(const std::string& path, const Kiosk& kiosk, const std::vector<Sitting>& sittings) {
    kiosk::core::OpenReport report;
    auto opened = kiosk::core::RecordsDb::Open(path, report);
    if (auto* e = std::get_if<std::string>(&opened)) return *e;
    return WriteKiosk(std::get<kiosk::core::RecordsDb>(opened), kiosk, sittings);
}

std::optional<std::string> WriteKiosk(kiosk::core::RecordsDb& db, const Kiosk& kiosk, const std::vector<Sitting>& sittings) {
    using kiosk::core::RecordEvent;
    // One Write per pack version: the context (pack, site) is per write, as on a real kiosk.
    for (int version : {3, 4}) {
        std::vector<RecordEvent> events;
        for (const Sitting& s : sittings) {
            if (s.pack_version != version) continue;
            RecordEvent start{RecordEvent::Kind::SittingStarted, s.id, s.role, s.staff_hash, s.language,
                              std::nullopt, std::nullopt, SittingOutcome::Completed, 0, s.started_at};
            events.push_back(std::move(start));
            for (const Answer& a : s.answers) {
                kiosk::core::AnswerRecord record;
                record.id = a.id;
                record.module_id = a.module;
                record.scene_id = a.scene;
                record.question = *kiosk::core::QuestionTypeFromString(a.type);
                record.chosen = a.chosen;
                record.correct = a.correct;
                record.seconds = a.seconds;
                events.push_back(RecordEvent{RecordEvent::Kind::Answer, s.id, {}, {}, {}, record, std::nullopt,
                                             SittingOutcome::Completed, 0, a.answered_at});
            }
            for (const Completion& c : s.completions) {
                kiosk::core::ModuleResult result;
                result.id = c.id;
                result.module_id = c.module;
                result.points = c.points;
                result.points_possible = c.points_possible;
                result.percent = c.percent;
                result.passed = c.passed;
                result.completion_code = kiosk::core::CompletionCode(c.id);  // as a kiosk makes it
                result.end_scene = c.passed ? "end-pass" : "end-retry";
                result.seconds = c.seconds;
                events.push_back(RecordEvent{RecordEvent::Kind::ModuleFinished, s.id, {}, {}, {}, std::nullopt, result,
                                             SittingOutcome::Completed, 0, c.completed_at});
            }
            if (s.outcome)
                events.push_back(RecordEvent{RecordEvent::Kind::SittingEnded, s.id, {}, {}, {}, std::nullopt,
                                             std::nullopt, *s.outcome, 0, s.ended_at});
        }
        kiosk::core::RecordContext context{kiosk.id, kiosk.site, kiosk.agency, kiosk.region, "msht-core",
                                           version,  std::string(64, 'c'), kiosk.partnership};
        if (auto e = db.Write(events, context)) return db.Path() + ": " + *e;
    }
    return std::nullopt;
}

std::optional<std::string> WritePack(const std::string& path) {
    using namespace kiosk::core;
    PackData pack;
    pack.id = "msht-core";
    pack.version = 4;
    pack.build_time = "2024-01-01T00:00:00Z";
    pack.languages = {"en"};
    for (const Module& m : Modules()) {
        kiosk::core::Module module;
        module.id = m.id;
        module.minutes = 10;
        module.pass_mark = 60;
        module.start = m.questions.front().scene;
        pack.strings[kiosk::core::ModuleKey(m.id, "title")]["en"].text = std::string("Module ") + m.id;
        for (const Question& q : m.questions) {
            Scene scene;
            scene.id = q.scene;
            scene.kind = SceneKind::Question;
            scene.question = *QuestionTypeFromString(q.type);
            scene.points = 1;
            // (The string map's values are kiosk::core::Text, whose name a function in session.h shares.)
            pack.strings[SceneKey(m.id, q.scene, "prompt")]["en"].text =
                std::string("Question ") + q.scene + " of " + m.id + ":\nwhat would you do?";
            for (const std::string& o : q.options) {
                Option option;
                option.id = o;
                option.correct = std::find(q.right.begin(), q.right.end(), o) != q.right.end();
                scene.options.push_back(option);
                pack.strings[OptionKey(m.id, q.scene, o, "text")]["en"].text = "Option " + o + " of " + q.scene;
            }
            module.scenes.push_back(std::move(scene));
        }
        pack.modules.push_back(std::move(module));
    }
    return kiosk::core::WritePack(pack, path);
}

}  // namespace report::fixture
