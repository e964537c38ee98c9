// Resolves film pauses to their question scenes and checks that each question belongs to exactly one
// pause: the kiosk returns to the film after the answer, so a pause question reached any other way (or
// asked twice) would leave the learner somewhere the trainer did not intend.
#include "film_pauses.h"
#include "core/util/one_line.h"

#include "core/util/did_you_mean.h"

namespace author {
namespace {

using kiosk::core::SceneKind;

std::string Quote(std::string_view s) { return kiosk::core::Quoted(s); }

// "film 'f' pauses at 01:12" (or "film 'f' pauses" when the time itself was invalid and reported).
std::string PauseName(const std::string& film, const PauseSource& p) {
    return "film " + Quote(film) + " pauses" + (p.at_text.empty() ? "" : " at " + p.at_text);
}

// "film 'f' asks at 01:12" for messages about a link to a pause question.
std::string AskName(const std::string& film, const PauseSource& p) {
    return "film " + Quote(film) + " asks" + (p.at_text.empty() ? "" : " at " + p.at_text);
}

std::string KindWithArticle(SceneKind kind) {
    std::string name = kiosk::core::ToString(kind);
    return (kind == SceneKind::Info || kind == SceneKind::End ? "an " : "a ") + name;
}

// Where each pause question was first asked, for notes.
struct Asker {
    std::size_t film;
    std::size_t pause;
};

}  // namespace

PauseQuestions ResolveFilmPauses(const kiosk::core::Module& module, const ModuleSource& msrc,
                                 const std::map<std::string, std::size_t>& index, Diagnostics& diags) {
    const auto& scenes = module.scenes;
    PauseQuestions out;
    out.film_of.resize(scenes.size());
    std::vector<std::optional<Asker>> asked_by(scenes.size());

    // Suggestions for a misspelt pause question come from the question scenes only.
    std::vector<std::string> question_ids;
    for (const auto& scene : scenes)
        if (scene.kind == SceneKind::Question && !scene.id.empty()) question_ids.push_back(scene.id);

    for (std::size_t f = 0; f < scenes.size(); ++f) {
        const auto& film = scenes[f];
        for (std::size_t p = 0; p < film.pauses.size(); ++p) {
            const std::string& target = film.pauses[p].question;
            const PauseSource& src = msrc.scenes[f].pauses[p];
            if (target.empty()) continue;  // missing or invalid id: reported by the loader
            auto it = index.find(target);
            if (it == index.end()) {
                out.links_broken = true;
                diags.Add("E030", src.question_loc, PauseName(film.id, src) + " to ask " + Quote(target) + ", which does not exist" +
                                                        kiosk::core::DidYouMean(target, question_ids));
                continue;
            }
            std::size_t q = it->second;
            if (scenes[q].kind != SceneKind::Question) {
                // Left in the normal flow: treating it as the film's would only add knock-on messages.
                diags.Add("E033", src.question_loc, PauseName(film.id, src) + " to ask " + Quote(target) + ", which is " +
                                                        KindWithArticle(scenes[q].kind) +
                                                        " scene; a pause asks a scene with kind = \"question\"")
                    .notes.push_back({msrc.scenes[q].id_loc, Quote(target) + " is defined here"});
                continue;
            }
            if (asked_by[q]) {
                const Asker& first = *asked_by[q];
                const PauseSource& first_src = msrc.scenes[first.film].pauses[first.pause];
                diags.Add("E035", src.question_loc, Quote(target) + " is already asked when " +
                                                        PauseName(scenes[first.film].id, first_src) +
                                                        "; give each pause its own question scene")
                    .notes.push_back({first_src.question_loc, "first asked here"});
                continue;
            }
            asked_by[q] = Asker{f, p};
            out.film_of[q] = f;
        }
    }

    // Nothing else may lead to a pause question. (An implicit `next` skips them: see flow_checks.cpp.)
    auto reached = [&](const std::string& to, const Location& where, const std::string& how) {
        auto it = index.find(to);
        if (it == index.end() || !asked_by[it->second]) return;
        const Asker& a = *asked_by[it->second];
        out.links_broken = true;
        const PauseSource& src = msrc.scenes[a.film].pauses[a.pause];
        diags.Add("E034", where, how + " " + Quote(to) + ", which " + AskName(scenes[a.film].id, src) +
                                     "; a pause question belongs to its film, so nothing else may lead to it")
            .notes.push_back({src.question_loc, "asked here"});
    };
    if (msrc.explicit_start) reached(module.start, msrc.start_loc, "'start' is");
    for (std::size_t i = 0; i < scenes.size(); ++i) {
        const auto& scene = scenes[i];
        const auto& src = msrc.scenes[i];
        if (out.film_of[i]) {
            // The kiosk resumes the film after the answer, so these exits are never taken.
            const std::string film = Quote(scenes[*out.film_of[i]].id);
            if (src.explicit_next)
                diags.Add("W043", src.next_loc, "'next' of scene " + Quote(scene.id) + " is never used: film " + film +
                                                    " asks it and carries on after the answer");
            if (!src.routes.empty())
                diags.Add("W043", src.routes.front().goto_loc, "the routes of scene " + Quote(scene.id) +
                                                                   " are never used: film " + film +
                                                                   " asks it and carries on after the answer");
            continue;
        }
        const std::string from = "scene " + Quote(scene.id) + " goes to";
        if (src.explicit_next) reached(scene.next, src.next_loc, from);
        for (std::size_t r = 0; r < scene.routes.size(); ++r) reached(scene.routes[r].go_to, src.routes[r].goto_loc, from);
        if (scene.kind == SceneKind::Choice)
            for (std::size_t o = 0; o < scene.options.size(); ++o)
                if (!scene.options[o].go_to.empty()) reached(scene.options[o].go_to, src.options[o].goto_loc, from);
    }
    return out;
}

}  // namespace author
