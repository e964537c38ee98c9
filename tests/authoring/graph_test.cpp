// The scene map (`kiosk-author graph`), checked by structure rather than by picture: the DOT holds one box
// per scene with its title, kind and problem classes, one arrow per exit with its label; Graphviz renders
// it to SVG that carries the same ids and classes; a 100-scene module renders quickly.
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <regex>

#include "run_tool.h"
#include "scaffold.h"
#include "scene_graph.h"
#include "temp_content.h"

namespace {

namespace fs = std::filesystem;

const fs::path kBranching = fs::path(KIOSK_TEST_FIXTURES) / "graph" / "content" / "modules" / "branching";

struct DotItem {
    std::string from, to;                       // `to` empty for a node
    std::map<std::string, std::string> attrs;   // quoted values unescaped
    bool HasClass(const std::string& c) const {
        auto it = attrs.find("class");
        if (it == attrs.end()) return false;
        std::string padded = " " + it->second + " ";
        return padded.find(" " + c + " ") != std::string::npos;
    }
};

struct Dot {
    std::map<std::string, DotItem> nodes;
    std::vector<DotItem> edges;
    const DotItem* Edge(const std::string& from, const std::string& to, const std::string& cls) const {
        for (const DotItem& e : edges)
            if (e.from == from && e.to == to && e.HasClass(cls)) return &e;
        return nullptr;
    }
};

// Reads the statement lines SceneGraphDot writes: `"id" [a=b, ...];` and `"a" -> "b" [...];`.
Dot ParseDot(const std::string& text) {
    static const std::regex node(R"re(^  "([^"]+)" \[(.*)\];$)re");
    static const std::regex edge(R"re(^  "([^"]+)" -> "([^"]+)" \[(.*)\];$)re");
    static const std::regex attr(R"re((\w+)=("(?:[^"\\]|\\.)*"|[^,]+))re");
    Dot dot;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::smatch m;
        DotItem item;
        std::string attrs;
        if (std::regex_match(line, m, edge)) {
            item.from = m[1];
            item.to = m[2];
            attrs = m[3];
        } else if (std::regex_match(line, m, node)) {
            item.from = m[1];
            attrs = m[2];
        } else {
            continue;
        }
        for (std::sregex_iterator it(attrs.begin(), attrs.end(), attr), end; it != end; ++it) {
            std::string value = (*it)[2];
            if (value.size() >= 2 && value.front() == '"') {
                std::string raw = value.substr(1, value.size() - 2), plain;
                for (std::size_t i = 0; i < raw.size(); ++i) {
                    if (raw[i] == '\\' && i + 1 < raw.size()) {
                        plain += raw[i + 1] == 'n' ? '\n' : raw[i + 1];
                        ++i;
                    } else {
                        plain += raw[i];
                    }
                }
                value = plain;
            }
            item.attrs[(*it)[1]] = value;
        }
        if (item.to.empty()) dot.nodes[item.from] = item;
        else dot.edges.push_back(item);
    }
    return dot;
}

std::vector<std::string> Codes(const author::Diagnostics& diags) {
    std::vector<std::string> codes;
    for (const auto& d : diags.All()) codes.push_back(d.code);
    return codes;
}

}  // namespace

TEST_CASE("graph: every scene is a box with its title and kind - and every exit an arrow with its label") {
    author::ModuleMap map = author::LoadModuleForMap(kBranching, "branching");
    REQUIRE(map.loaded);
    // The map is drawn although the module has errors: showing them is what it is for.
    CHECK(Codes(map.diagnostics) == std::vector<std::string>{"E030", "E042", "E041"});
    Dot dot = ParseDot(author::SceneGraphDot(map.content, 0));

    CHECK(dot.nodes.size() == 12 + 1);  // the scenes and one box for the missing scene
    CHECK(dot.edges.size() == 6 + 6 + 2 + 1);  // next, choice options, routes, film pause
    CHECK(dot.nodes.at("welcome").attrs.at("label") == "Welcome\ninfo \xC2\xB7 welcome\n\xE2\x96\xB6 start");
    CHECK(dot.nodes.at("noticed").attrs.at("label").find("question (truefalse)") != std::string::npos);
    CHECK(dot.nodes.at("minibus").HasClass("film"));

    const DotItem* report = dot.Edge("what-now", "how-to-report", "option");
    REQUIRE(report);
    CHECK(report->attrs.at("label") == "Tell your safeguarding\nlead (+1)");
    // An option without `goto` carries on to the scene after the choice.
    const DotItem* wait = dot.Edge("what-now", "unsafe", "option");
    REQUIRE(wait);
    CHECK(dot.Edge("how-to-report", "try-again", "route")->attrs.at("label") == "if confronted");
    CHECK(dot.Edge("how-to-report", "done", "route")->attrs.at("label") == "otherwise");
    const DotItem* pause = dot.Edge("minibus", "noticed", "pause");
    REQUIRE(pause);
    CHECK(pause->attrs.at("label") == "asks at 00:40");
    CHECK(pause->attrs.at("style") == "dashed");
    CHECK(dot.Edge("welcome", "minibus", "next"));
}

TEST_CASE("graph: start - end and must-see scenes are marked") {
    author::ModuleMap map = author::LoadModuleForMap(kBranching, "branching");
    Dot dot = ParseDot(author::SceneGraphDot(map.content, 0));
    CHECK(dot.nodes.at("welcome").HasClass("start"));
    for (const char* id : {"done", "try-again"}) {
        CHECK(dot.nodes.at(id).HasClass("end"));
        CHECK(dot.nodes.at(id).attrs.at("peripheries") == "2");
    }
    const DotItem& must = dot.nodes.at("how-to-report");
    CHECK(must.HasClass("must-see"));
    CHECK(must.attrs.at("penwidth") == "3");
    CHECK(must.attrs.at("label").find("must see") != std::string::npos);
    CHECK(dot.nodes.at("noticed").HasClass("pause-question"));
}

TEST_CASE("graph: unreachable scenes - dead ends - loops and missing scenes are in warning colours and say so") {
    author::ModuleMap map = author::LoadModuleForMap(kBranching, "branching");
    Dot dot = ParseDot(author::SceneGraphDot(map.content, 0));
    const DotItem& orphan = dot.nodes.at("orphan");
    CHECK(orphan.HasClass("unreachable"));
    CHECK(orphan.attrs.at("fillcolor") == "#ffd8a8");
    CHECK(orphan.attrs.at("label").find("unreachable") != std::string::npos);
    const DotItem& stuck = dot.nodes.at("stuck");
    CHECK(stuck.HasClass("dead-end"));
    CHECK(stuck.attrs.at("fillcolor") == "#ffc9c9");
    for (const char* id : {"loop-a", "loop-b"}) CHECK(dot.nodes.at(id).HasClass("no-way-to-end"));
    CHECK(dot.nodes.at("missing:nowhere").HasClass("missing"));
    CHECK(dot.Edge("what-now", "missing:nowhere", "broken"));
    // Scenes without problems carry no warning class or colour.
    for (const char* id : {"welcome", "what-now", "unsafe", "how-to-report", "done"}) {
        INFO(id);
        const DotItem& n = dot.nodes.at(id);
        CHECK_FALSE((n.HasClass("unreachable") || n.HasClass("dead-end") || n.HasClass("no-way-to-end")));
        CHECK(n.attrs.at("fillcolor") != "#ffc9c9");
        CHECK(n.attrs.at("fillcolor") != "#ffd8a8");
    }
}

TEST_CASE("graph: the new-module scaffold maps with no warning marks - also outside a content folder") {
    test::ScratchContent tmp;
    tmp.Write("car-wash/module.toml", author::ModuleScaffold("car-wash", "2026-01-01"));
    author::ModuleMap map = author::LoadModuleForMap(tmp.dir / "car-wash", "car-wash");
    CHECK(map.diagnostics.All().empty());
    Dot dot = ParseDot(author::SceneGraphDot(map.content, 0));
    CHECK(dot.nodes.size() == 7);
    for (const auto& [id, node] : dot.nodes) {
        INFO(id);
        CHECK_FALSE((node.HasClass("unreachable") || node.HasClass("dead-end") || node.HasClass("no-way-to-end")));
    }
}

TEST_CASE("graph: Graphviz renders the map to SVG with the scene ids and classes") {
    author::ModuleMap map = author::LoadModuleForMap(kBranching, "branching");
    test::ScratchContent tmp;
    tmp.Write("map.dot", author::SceneGraphDot(map.content, 0));
    author::ToolRun run = author::RunTool({"dot", "-Tsvg", "-o", (tmp.dir / "map.svg").string(), (tmp.dir / "map.dot").string()});
    REQUIRE_MESSAGE(run.started, "Graphviz's dot is needed (tools/install-deps installs graphviz)");
    REQUIRE_MESSAGE(run.status == 0, run.output);
    std::string svg = tmp.Read("map.svg");
    // Graphviz writes '-' in ids and classes as &#45;.
    CHECK(svg.find("<g id=\"scene&#45;orphan\" class=\"node scene info unreachable\">") != std::string::npos);
    CHECK(svg.find("<g id=\"scene&#45;stuck\" class=\"node scene info dead&#45;end\">") != std::string::npos);
    CHECK(svg.find("fill=\"#ffd8a8\"") != std::string::npos);
    std::size_t nodes = 0, edges = 0;
    for (std::size_t at = svg.find("class=\"node"); at != std::string::npos; at = svg.find("class=\"node", at + 1)) ++nodes;
    for (std::size_t at = svg.find("class=\"edge"); at != std::string::npos; at = svg.find("class=\"edge", at + 1)) ++edges;
    CHECK(nodes == 13);
    CHECK(edges == 15);
}

TEST_CASE("graph: a module of 100 scenes with branches and quoted conditions renders in well under a few seconds") {
    test::ScratchContent tmp;
    std::string toml = "id = \"big\"\ntitle = \"Big\"\nsummary = \"S\"\naudience = [\"other\"]\nminutes = 30\npass_mark = 0\n"
                       "[[sources]]\ntitle = \"GOV.UK\"\nurl = \"https://www.gov.uk/\"\nchecked = 2026-01-01\n";
    for (int i = 0; i < 100; ++i) {
        std::string id = "s" + std::to_string(i);
        if (i == 99) {
            toml += "[[scenes]]\nid = \"s99\"\nkind = \"end\"\ntext = \"Done\"\n";
        } else if (i % 10 == 3) {
            toml += "[[scenes]]\nid = \"" + id + "\"\nkind = \"choice\"\nprompt = \"Which way?\"\n"
                    "  [[scenes.options]]\n  id = \"a\"\n  text = \"Tell the \\\"helpline\\\"\"\n  set = { route = \"helpline\" }\n"
                    "  [[scenes.options]]\n  id = \"b\"\n  text = \"Skip ahead\"\n  goto = \"s" + std::to_string(i + 3) + "\"\n";
        } else if (i % 10 == 4) {
            toml += "[[scenes]]\nid = \"" + id + "\"\nkind = \"info\"\ntitle = \"Scene " + std::to_string(i) + "\"\ntext = \"T\"\n"
                    "  [[scenes.routes]]\n  if = \"route == \\\"helpline\\\"\"\n  goto = \"s" + std::to_string(i + 2) + "\"\n";
        } else {
            toml += "[[scenes]]\nid = \"" + id + "\"\nkind = \"info\"\ntitle = \"Scene " + std::to_string(i) + "\"\ntext = \"T\"\n";
        }
    }
    tmp.Write("big/module.toml", toml);
    author::ModuleMap map = author::LoadModuleForMap(tmp.dir / "big", "big");
    for (const auto& d : map.diagnostics.All()) INFO(d.code, " ", d.message);
    REQUIRE(map.diagnostics.ErrorCount() == 0);
    std::string dot_text = author::SceneGraphDot(map.content, 0);
    Dot dot = ParseDot(dot_text);
    CHECK(dot.nodes.size() == 100);
    CHECK(dot.Edge("s4", "s6", "route")->attrs.at("label") == "if route == \"helpline\"");
    tmp.Write("big.dot", dot_text);
    auto start = std::chrono::steady_clock::now();
    author::ToolRun run = author::RunTool({"dot", "-Tsvg", "-o", (tmp.dir / "big.svg").string(), (tmp.dir / "big.dot").string()});
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    REQUIRE(run.started);
    CHECK_MESSAGE(run.status == 0, run.output);
    CHECK(seconds < 10);
    MESSAGE("dot laid out 100 scenes in ", seconds, " s");
}
