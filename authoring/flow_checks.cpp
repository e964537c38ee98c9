// Checks on a module's scene graph: duplicate ids, links, conditions, reachability, dead ends, cycles
// without an exit, and must-see coverage. Conditional edges count as possible (a static over-estimate):
// the checks say what *can* happen, which is what a trainer needs to know. A film pause's question is
// not in the graph: the film asks it and carries on, so it counts as seen wherever its film is.
#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <set>

#include "checks.h"
#include "core/util/one_line.h"
#include "film_pauses.h"
#include "core/session/condition.h"
#include "core/util/did_you_mean.h"

namespace author {

using kiosk::core::DidYouMean;
namespace {

using kiosk::core::SceneKind;

struct Graph {
    std::vector<std::vector<std::size_t>> out;  // scene index -> successor indices
    std::vector<bool> is_end;
};

std::string Quote(std::string_view s) { return kiosk::core::Quoted(s); }

// Shortest path from `from` to any end scene that avoids `avoid`, as scene indices; empty if none.
std::vector<std::size_t> PathAvoiding(const Graph& g, std::size_t from, std::size_t avoid) {
    if (from == avoid) return {};
    std::vector<std::size_t> parent(g.out.size(), SIZE_MAX);
    std::vector<bool> seen(g.out.size(), false);
    std::deque<std::size_t> queue{from};
    seen[from] = true;
    while (!queue.empty()) {
        std::size_t s = queue.front();
        queue.pop_front();
        if (g.is_end[s]) {
            std::vector<std::size_t> path;
            for (std::size_t at = s; at != SIZE_MAX; at = parent[at]) path.push_back(at);
            std::reverse(path.begin(), path.end());
            return path;
        }
        for (std::size_t t : g.out[s])
            if (t != avoid && !seen[t]) {
                seen[t] = true;
                parent[t] = s;
                queue.push_back(t);
            }
    }
    return {};
}

void CheckConditions(const kiosk::core::Module& module, const ModuleSource& msrc, Diagnostics& diags) {
    // Which variables can be set, and where first.
    std::map<std::string, Location> set_at;
    for (std::size_t i = 0; i < module.scenes.size(); ++i)
        for (const OptionSource& o : msrc.scenes[i].options)
            for (auto& [name, where] : o.sets) set_at.emplace(name, where);
    std::vector<std::string> names = {"score"};
    for (auto& [name, where] : set_at) names.push_back(name);
    std::set<std::string> read;

    for (std::size_t i = 0; i < module.scenes.size(); ++i) {
        const auto& scene = module.scenes[i];
        for (std::size_t r = 0; r < scene.routes.size(); ++r) {
            const std::string& text = scene.routes[r].condition;
            if (text.empty()) continue;
            const Location& at = msrc.scenes[i].routes[r].if_loc;
            auto parsed = kiosk::core::Condition::Parse(text);
            if (auto* error = std::get_if<kiosk::core::ConditionError>(&parsed)) {
                Location where = at;
                where.column += 1 + static_cast<int>(error->offset);
                where.length = std::max<int>(1, static_cast<int>(error->length));
                diags.Add("E031", where, "in the condition of scene " + Quote(scene.id) + ": " + error->message);
                continue;
            }
            for (auto& [ident, offset] : std::get<kiosk::core::Condition>(parsed).Identifiers()) {
                read.insert(ident);
                if (ident == "score" || set_at.count(ident)) continue;
                Location where = at;
                where.column += 1 + static_cast<int>(offset);
                where.length = static_cast<int>(CodePoints(ident));
                diags.Add("E032", where, "no option in module " + Quote(module.id) + " sets " + Quote(ident) +
                                             DidYouMean(ident, names));
            }
        }
    }
    for (auto& [name, where] : set_at)
        if (!read.count(name))
            diags.Add("W095", where, "variable " + Quote(name) + " is set but no condition in module " + Quote(module.id) + " reads it");
}

}  // namespace

void CheckFlow(Content& content, Diagnostics& diags) {
    content.flows.assign(content.pack.modules.size(), ModuleFlow{});
    for (std::size_t mi = 0; mi < content.pack.modules.size(); ++mi) {
        auto& module = content.pack.modules[mi];
        auto& msrc = content.module_sources[mi];
        auto& scenes = module.scenes;
        if (scenes.empty()) continue;

        // Ids: unique within the module; links resolve by id.
        std::map<std::string, std::size_t> index;
        std::vector<std::string> ids;
        for (std::size_t i = 0; i < scenes.size(); ++i) {
            if (scenes[i].id.empty()) continue;
            auto [it, inserted] = index.emplace(scenes[i].id, i);
            if (!inserted)
                diags.Add("E020", msrc.scenes[i].id_loc, "scene id " + Quote(scenes[i].id) + " is used twice in module " + Quote(module.id))
                    .notes.push_back({msrc.scenes[it->second].id_loc, "first defined here"});
            else
                ids.push_back(scenes[i].id);
        }
        // A scene with a broken link is reported once, as E030: its dead end, or the scenes it can no
        // longer reach, are consequences of that typo rather than separate problems.
        bool dangling = false;
        std::vector<bool> broken(scenes.size(), false);
        std::size_t current = SIZE_MAX;
        auto resolve = [&](const std::string& from, const std::string& to, const Location& where) -> std::optional<std::size_t> {
            auto it = index.find(to);
            if (it != index.end()) return it->second;
            dangling = true;
            if (current != SIZE_MAX) broken[current] = true;
            diags.Add("E030", where, (from.empty() ? "'start'" : "scene " + Quote(from)) + " goes to " + Quote(to) +
                                         ", which does not exist" + DidYouMean(to, ids));
            return std::nullopt;
        };

        // Pause questions belong to their films; trainers write them next to the film, so the implicit
        // `next` and the default start skip them.
        PauseQuestions pauses = ResolveFilmPauses(module, msrc, index, diags);
        dangling = pauses.links_broken;
        auto in_flow = [&](std::size_t i) { return !pauses.film_of[i].has_value(); };

        // An implicit `next` is the following scene in the file (by position, so a duplicate or invalid
        // id further on cannot redirect it); end scenes go nowhere.
        std::vector<std::optional<std::size_t>> implicit_next(scenes.size());
        for (std::size_t i = 0; i < scenes.size(); ++i) {
            if (msrc.scenes[i].explicit_next || scenes[i].kind == SceneKind::End || !in_flow(i)) continue;
            std::size_t following = i + 1;
            while (following < scenes.size() && !in_flow(following)) ++following;
            if (following >= scenes.size()) continue;
            implicit_next[i] = following;
            scenes[i].next = scenes[following].id;
        }

        std::size_t start = 0;
        while (start + 1 < scenes.size() && !in_flow(start)) ++start;
        if (msrc.explicit_start) {
            if (auto s = resolve("", module.start, msrc.start_loc)) start = *s;
        }
        module.start = scenes[start].id;

        Graph g;
        g.out.resize(scenes.size());
        g.is_end.resize(scenes.size());
        ModuleFlow& flow = content.flows[mi];
        for (std::size_t i = 0; i < scenes.size(); ++i) {
            const auto& scene = scenes[i];
            const auto& src = msrc.scenes[i];
            current = i;
            g.is_end[i] = scene.kind == SceneKind::End;
            if (!in_flow(i)) continue;  // its exits are never taken (W043)
            // Every exit is kept for the scene map, labelled; the graph itself needs each target once.
            auto add = [&](std::optional<std::size_t> t, FlowEdge::Kind kind, std::size_t which, const std::string& written) {
                flow.edges.push_back(FlowEdge{i, t, written, kind, which});
                if (t && std::find(g.out[i].begin(), g.out[i].end(), *t) == g.out[i].end()) g.out[i].push_back(*t);
            };
            bool always_routed = false;
            for (std::size_t r = 0; r < scene.routes.size(); ++r) {
                if (scene.routes[r].go_to.empty()) continue;
                add(resolve(scene.id, scene.routes[r].go_to, src.routes[r].goto_loc), FlowEdge::Kind::Route, r,
                    scene.routes[r].go_to);
                always_routed = always_routed || scene.routes[r].condition.empty();
            }
            bool next_used = !always_routed;
            std::optional<std::size_t> next_target;
            std::string next_written = scene.next;
            if (src.explicit_next) next_target = resolve(scene.id, scene.next, src.next_loc);
            else next_target = implicit_next[i];
            if (scene.kind == SceneKind::Choice) {
                next_used = false;
                for (std::size_t o = 0; o < scene.options.size(); ++o) {
                    // An option without `goto` carries on to the scene's next, if there is one.
                    if (scene.options[o].go_to.empty()) {
                        if (next_target || src.explicit_next) add(next_target, FlowEdge::Kind::Option, o, next_written);
                    } else {
                        add(resolve(scene.id, scene.options[o].go_to, src.options[o].goto_loc), FlowEdge::Kind::Option, o,
                            scene.options[o].go_to);
                    }
                }
            } else if (next_used && (next_target || src.explicit_next)) {
                add(next_target, FlowEdge::Kind::Next, 0, next_written);
            }
        }

        CheckConditions(module, msrc, diags);

        // Reachable from the start.
        std::vector<bool> reachable(scenes.size(), false);
        std::deque<std::size_t> queue{start};
        reachable[start] = true;
        while (!queue.empty()) {
            std::size_t s = queue.front();
            queue.pop_front();
            for (std::size_t t : g.out[s]) {
                if (reachable[t]) continue;
                reachable[t] = true;
                queue.push_back(t);
            }
        }
        // Can reach an end.
        std::vector<std::vector<std::size_t>> in(scenes.size());
        for (std::size_t s = 0; s < scenes.size(); ++s)
            for (std::size_t t : g.out[s]) in[t].push_back(s);
        std::vector<bool> finishes(scenes.size(), false);
        for (std::size_t s = 0; s < scenes.size(); ++s) {
            if (!g.is_end[s]) continue;
            finishes[s] = true;
            queue.push_back(s);
        }
        while (!queue.empty()) {
            std::size_t s = queue.front();
            queue.pop_front();
            for (std::size_t p : in[s]) {
                if (finishes[p]) continue;
                finishes[p] = true;
                queue.push_back(p);
            }
        }

        // A pause question is seen, and finishes, wherever its film does.
        for (std::size_t i = 0; i < scenes.size(); ++i) {
            if (in_flow(i)) continue;
            reachable[i] = reachable[*pauses.film_of[i]];
            finishes[i] = finishes[*pauses.film_of[i]];
        }

        flow.start = start;
        flow.reachable = reachable;
        flow.finishes = finishes;
        flow.film_of = pauses.film_of;
        flow.dead_end.assign(scenes.size(), false);
        for (std::size_t f = 0; f < scenes.size(); ++f)
            for (std::size_t p = 0; p < scenes[f].pauses.size(); ++p) {
                const std::string& question = scenes[f].pauses[p].question;
                if (question.empty()) continue;
                auto it = index.find(question);
                flow.edges.push_back(FlowEdge{f, it == index.end() ? std::nullopt : std::optional<std::size_t>(it->second),
                                              question, FlowEdge::Kind::Pause, p});
            }

        for (std::size_t i = 0; i < scenes.size(); ++i) {
            flow.dead_end[i] = !g.is_end[i] && g.out[i].empty() && in_flow(i) && !broken[i];
            if (!reachable[i] && !scenes[i].id.empty() && !dangling)
                diags.Add("W040", msrc.scenes[i].id_loc, "no path from the start of module " + Quote(module.id) + " reaches scene " + Quote(scenes[i].id));
            if (!g.is_end[i] && g.out[i].empty() && !scenes[i].id.empty() && !broken[i] && in_flow(i)) {
                std::string how = scenes[i].kind == SceneKind::Choice && scenes[i].options.empty()
                                      ? "it has no options"
                                      : "it is the last scene and has no 'next'";
                diags.Add("E041", msrc.scenes[i].id_loc, "scene " + Quote(scenes[i].id) + " is a dead end: " + how +
                                                             "; add next = \"...\" or make it kind = \"end\"");
            }
        }

        // Cycles that never reach an end: strongly connected components among scenes that cannot finish.
        std::vector<int> comp(scenes.size(), -1), low(scenes.size()), order(scenes.size(), -1);
        std::vector<std::size_t> stack;
        std::vector<bool> on_stack(scenes.size(), false);
        int counter = 0, components = 0;
        std::function<void(std::size_t)> connect = [&](std::size_t v) {
            order[v] = low[v] = counter++;
            stack.push_back(v);
            on_stack[v] = true;
            for (std::size_t w : g.out[v]) {
                if (finishes[w]) continue;
                if (order[w] < 0) {
                    connect(w);
                    low[v] = std::min(low[v], low[w]);
                } else if (on_stack[w]) {
                    low[v] = std::min(low[v], order[w]);
                }
            }
            if (low[v] == order[v]) {
                std::vector<std::size_t> members;
                std::size_t w;
                do {
                    w = stack.back();
                    stack.pop_back();
                    on_stack[w] = false;
                    comp[w] = components;
                    members.push_back(w);
                } while (w != v);
                ++components;
                bool loops = members.size() > 1 || std::count(g.out[v].begin(), g.out[v].end(), v) > 0;
                if (!loops) return;
                std::sort(members.begin(), members.end());
                std::string names;
                for (std::size_t k = 0; k < members.size(); ++k) names += (k ? ", " : "") + Quote(scenes[members[k]].id);
                diags.Add("E042", msrc.scenes[members.front()].id_loc,
                          "scene" + std::string(members.size() > 1 ? "s " : " ") + names +
                              " loop without any way to an end scene; add a route or option that leaves the loop");
            }
        };
        // Tarjan's recursion depth is bounded by the number of scenes in one module, which files cap.
        for (std::size_t i = 0; i < scenes.size(); ++i)
            if (reachable[i] && !finishes[i] && order[i] < 0) connect(i);

        // Must-see: every path from the start to an end passes each must-see scene.
        // A must-see pause question is covered when its film is.
        for (std::size_t i = 0; i < scenes.size(); ++i) {
            if (!scenes[i].must_see || !reachable[i]) continue;
            std::size_t seen_with = in_flow(i) ? i : *pauses.film_of[i];
            auto path = PathAvoiding(g, start, seen_with);
            if (path.empty()) continue;
            std::string shown;
            for (std::size_t k = 0; k < path.size(); ++k) shown += (k ? " -> " : "") + scenes[path[k]].id;
            diags.Add("E090", msrc.scenes[i].must_see_loc,
                      "a learner can finish module " + Quote(module.id) + " without seeing must-see scene " +
                          Quote(scenes[i].id) + (in_flow(i) ? "" : " (asked during film " + Quote(scenes[seen_with].id) + ")") +
                          ": " + shown);
        }

        // The pack holds no exits for pause questions: the kiosk returns to the film after the answer.
        for (std::size_t i = 0; i < scenes.size(); ++i) {
            if (in_flow(i)) continue;
            scenes[i].next.clear();
            scenes[i].routes.clear();
        }
    }
}

}  // namespace author
