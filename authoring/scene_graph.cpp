// The scene map (scene_graph.h). Layout is Graphviz's `dot` (top to bottom, in file order where it can);
// this file only decides what each box and arrow says and how it looks. Warnings are shown by colour
// *and* by words in the box, so the map still reads in greyscale or to a colour-blind trainer.
#include "scene_graph.h"

#include <cstdio>
#include <set>

#include "checks.h"
#include "loaders.h"

namespace author {
namespace {

using kiosk::core::SceneKind;

// DOT double-quoted string: backslash and quote escaped; "\n" in `text` becomes a centred line break.
std::string Q(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + "\"";
}

// Text for an HTML-like label.
std::string Html(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '"') out += "&quot;";
        else out += c;
    }
    return out;
}

// Breaks `text` into lines of about `width` characters at spaces, at most `max_lines`, with "..." when
// cut short; line breaks in the text are spaces here.
std::string Wrap(const std::string& text, std::size_t width, std::size_t max_lines) {
    std::vector<std::string> words;
    std::string word;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\t') {
            if (!word.empty()) words.push_back(word);
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) words.push_back(word);
    std::vector<std::string> lines;
    std::string line;
    bool cut = false;
    for (const std::string& w : words) {
        if (!line.empty() && CodePoints(line) + 1 + CodePoints(w) > width) {
            lines.push_back(line);
            line.clear();
            if (lines.size() == max_lines) {
                cut = true;
                break;
            }
        }
        line += (line.empty() ? "" : " ") + w;
    }
    if (!cut && !line.empty()) lines.push_back(line);
    if (cut) lines.back() += "...";
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) out += (i ? "\n" : "") + lines[i];
    return out;
}

struct Style {
    const char* fill;
    const char* border;
};

Style KindStyle(SceneKind kind) {
    switch (kind) {
        case SceneKind::Info: return {"#ffffff", "#495057"};
        case SceneKind::Film: return {"#e7f5ff", "#1864ab"};
        case SceneKind::Question: return {"#fff9db", "#8f6a00"};
        case SceneKind::Choice: return {"#f3f0ff", "#5f3dc4"};
        case SceneKind::End: return {"#ebfbee", "#2b8a3e"};
    }
    return {"#ffffff", "#495057"};
}

constexpr const char* kUnreachableFill = "#ffd8a8";
constexpr const char* kUnreachableBorder = "#d9480f";
constexpr const char* kDeadEndFill = "#ffc9c9";
constexpr const char* kDeadEndBorder = "#c92a2a";

std::string KindName(const kiosk::core::Scene& scene) {
    std::string kind = kiosk::core::ToString(scene.kind);
    if (scene.kind == SceneKind::Question) kind += std::string(" (") + kiosk::core::ToString(scene.question) + ")";
    return kind;
}

std::string ClockText(int ms) {
    int s = ms / 1000;
    char buffer[16];
    if (s >= 3600) std::snprintf(buffer, sizeof buffer, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    else std::snprintf(buffer, sizeof buffer, "%02d:%02d", s / 60, s % 60);
    return buffer;
}

}  // namespace

ModuleMap LoadModuleForMap(const std::filesystem::path& module_dir, const std::string& display) {
    namespace fs = std::filesystem;
    ModuleMap map;
    std::error_code ec;
    fs::path dir = fs::weakly_canonical(fs::absolute(module_dir, ec), ec);
    std::string shown = display;
    while (shown.size() > 1 && shown.back() == '/') shown.pop_back();
    map.content.language = "en";

    // Inside a content folder (<content>/modules/<id>), the pack gives the languages.
    fs::path pack = dir.parent_path().parent_path() / "pack.toml";
    if (dir.parent_path().filename() == "modules" && fs::is_regular_file(pack, ec)) {
        fs::path pack_display = fs::path(shown).lexically_normal().parent_path().parent_path() / "pack.toml";
        std::string pack_shown = pack_display.generic_string();
        if (auto root = LoadToml(pack, pack_shown, map.sources, map.diagnostics))
            LoadPackFile(*root, *map.sources.at(pack_shown), map.content, map.diagnostics);
        LoadSharedScenes(dir.parent_path().parent_path(), pack_display.parent_path().generic_string(), map.content, map.sources,
                         map.diagnostics);
    }
    std::string file_shown = shown + "/module.toml";
    if (auto root = LoadToml(dir / "module.toml", file_shown, map.sources, map.diagnostics)) {
        LoadModuleFile(*root, *map.sources.at(file_shown), dir.filename().string(), dir, map.content, map.diagnostics);
        map.loaded = true;
        CheckFlow(map.content, map.diagnostics);
    }
    map.diagnostics.Sort();
    return map;
}

std::string SceneGraphDot(const Content& content, std::size_t mi) {
    const auto& module = content.pack.modules.at(mi);
    const ModuleFlow& flow = content.flows.at(mi);
    const auto& scenes = module.scenes;
    auto text = [&](const std::string& key) -> std::string {
        auto it = content.pack.strings.find(key);
        if (it == content.pack.strings.end()) return "";
        auto t = it->second.find(content.language);
        return t == it->second.end() ? "" : t->second.text;
    };
    auto sid = [&](std::size_t i) { return scenes[i].id.empty() ? "#" + std::to_string(i + 1) : scenes[i].id; };
    bool analysed = flow.reachable.size() == scenes.size();

    std::string out = "digraph " + Q(module.id) + " {\n";
    std::string title = text(kiosk::core::ModuleKey(module.id, "title"));
    // The heading and a legend, as the graph's label (no extra nodes, so node counts stay the scenes).
    auto cell = [](const char* fill, const char* text) {
        return std::string("<td bgcolor=\"") + fill + "\" border=\"1\"><font point-size=\"9\">" + text + "</font></td>";
    };
    out += "  graph [rankdir=TB, ordering=out, newrank=true, nodesep=0.35, ranksep=0.45, pad=0.3, fontname=\"DejaVu Sans\", "
           "fontsize=12, labelloc=t, labeljust=l, label=<<table border=\"0\" cellspacing=\"2\" cellpadding=\"1\">"
           "<tr><td align=\"left\"><b>" + Html(title.empty() ? module.id : title) + "</b></td></tr>"
           "<tr><td align=\"left\"><font point-size=\"10\">module " + Html(module.id) + ", " + std::to_string(scenes.size()) +
           " scene" + (scenes.size() == 1 ? "" : "s") + "</font></td></tr>"
           "<tr><td align=\"left\"><table border=\"0\" cellspacing=\"3\" cellpadding=\"2\"><tr>" +
           cell("#ffffff", "info") + cell("#e7f5ff", "film") + cell("#fff9db", "question") + cell("#f3f0ff", "choice") +
           cell("#ebfbee", "end (double border)") + cell("#ffffff", "&#9733; must see (thick blue border)") +
           cell(kUnreachableFill, "&#9888; unreachable") + cell(kDeadEndFill, "&#9888; dead end / no way to an end") +
           "</tr></table></td></tr></table>>];\n";
    out += "  node [shape=box, style=\"rounded,filled\", fontname=\"DejaVu Sans\", fontsize=11, margin=\"0.14,0.06\"];\n";
    out += "  edge [fontname=\"DejaVu Sans\", fontsize=9, color=\"#495057\", fontcolor=\"#343a40\", arrowsize=0.7];\n";

    for (std::size_t i = 0; i < scenes.size(); ++i) {
        const auto& scene = scenes[i];
        std::string id = sid(i);
        std::string heading = text(kiosk::core::SceneKey(module.id, id, "title"));
        if (heading.empty()) heading = text(kiosk::core::SceneKey(module.id, id, "prompt"));
        if (heading.empty()) heading = text(kiosk::core::SceneKey(module.id, id, "text"));
        std::string label = heading.empty() ? "" : Wrap(heading, 26, 2) + "\n";
        label += KindName(scene) + " \xC2\xB7 " + id;  // middle dot

        std::vector<std::string> classes = {"scene", kiosk::core::ToString(scene.kind)};
        std::vector<std::string> marks;
        Style style = KindStyle(scene.kind);
        std::string fill = style.fill, border = style.border, extra;
        int penwidth = 1;
        if (analysed && i == flow.start) {
            classes.push_back("start");
            marks.push_back("\xE2\x96\xB6 start");  // ▶
            penwidth = 2;
        }
        if (scene.kind == SceneKind::End) extra += ", peripheries=2";  // its class is its kind, "end"
        if (scene.must_see) {
            classes.push_back("must-see");
            marks.push_back("\xE2\x98\x85 must see");  // ★
            penwidth = 3;
            border = "#1864ab";
        }
        if (analysed && flow.film_of[i]) {
            classes.push_back("pause-question");
            marks.push_back("asked during " + sid(*flow.film_of[i]));
        }
        // A scene can be unreachable and a dead end at once: both are said, red wins over orange.
        if (analysed && !flow.reachable[i]) {
            classes.push_back("unreachable");
            marks.push_back("\xE2\x9A\xA0 unreachable");  // ⚠
            fill = kUnreachableFill;
            border = kUnreachableBorder;
            extra += ", style=\"rounded,filled,dashed\"";
        }
        if (analysed && flow.dead_end[i]) {
            classes.push_back("dead-end");
            marks.push_back("\xE2\x9A\xA0 dead end: no way out");
            fill = kDeadEndFill;
            border = kDeadEndBorder;
        } else if (analysed && !flow.finishes[i] && scene.kind != SceneKind::End) {
            classes.push_back("no-way-to-end");
            marks.push_back("\xE2\x9A\xA0 no way to an end");
            fill = kDeadEndFill;
            border = kDeadEndBorder;
        }
        for (const std::string& mark : marks) label += "\n" + mark;
        std::string class_list;
        for (const std::string& c : classes) class_list += (class_list.empty() ? "" : " ") + c;
        out += "  " + Q(id) + " [id=" + Q("scene-" + id) + ", class=" + Q(class_list) + ", label=" + Q(label) +
               ", fillcolor=" + Q(fill) + ", color=" + Q(border) + ", penwidth=" + std::to_string(penwidth) + extra + "];\n";
    }

    // Links to scenes that do not exist: one red box per missing id, so the typo is visible on the map.
    std::set<std::string> missing;
    for (const FlowEdge& e : flow.edges)
        if (!e.to && !e.written.empty() && missing.insert(e.written).second)
            out += "  " + Q("missing:" + e.written) + " [id=" + Q("missing-" + e.written) + ", class=\"missing\", label=" +
                   Q("\xE2\x9A\xA0 missing scene\n'" + e.written + "'") + ", fillcolor=\"" + kDeadEndFill + "\", color=\"" +
                   kDeadEndBorder + "\", style=\"rounded,filled,dashed\"];\n";

    std::size_t n = 0;
    for (const FlowEdge& e : flow.edges) {
        const auto& scene = scenes[e.from];
        std::string target = e.to ? sid(*e.to) : "missing:" + e.written;
        std::string attrs, label, cls;
        switch (e.kind) {
            case FlowEdge::Kind::Next: cls = "next"; break;
            case FlowEdge::Kind::Route: {
                cls = "route";
                const std::string& condition = scene.routes[e.index].condition;
                bool after_condition = false;  // an unconditional route after conditional ones is their "otherwise"
                for (std::size_t r = 0; r < e.index; ++r) after_condition = after_condition || !scene.routes[r].condition.empty();
                label = !condition.empty() ? "if " + Wrap(condition, 24, 3) : after_condition ? "otherwise" : "always";
                attrs = ", fontcolor=\"#5c3c00\"";
                break;
            }
            case FlowEdge::Kind::Option: {
                cls = "option";
                const auto& option = scene.options[e.index];
                label = Wrap(text(kiosk::core::OptionKey(module.id, sid(e.from), option.id, "text")), 22, 2);
                if (label.empty()) label = option.id;
                if (option.score) label += " (" + std::string(option.score > 0 ? "+" : "") + std::to_string(option.score) + ")";
                attrs = ", color=\"#5f3dc4\"";
                break;
            }
            case FlowEdge::Kind::Pause: {
                cls = "pause";
                int at = scene.pauses[e.index].at_ms;
                label = at >= 0 ? "asks at " + ClockText(at) : "asks";
                attrs = ", style=dashed, color=\"#1864ab\", fontcolor=\"#1864ab\"";
                break;
            }
        }
        if (!e.to) cls += " broken";
        out += "  " + Q(sid(e.from)) + " -> " + Q(target) + " [id=" + Q("link-" + std::to_string(++n)) + ", class=" + Q(cls) +
               (label.empty() ? "" : ", label=" + Q(label)) + attrs + "];\n";
    }
    return out + "}\n";
}

}  // namespace author
