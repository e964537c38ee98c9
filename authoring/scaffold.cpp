// The new-module template (scaffold.h). tests/authoring/tools_test.cpp compiles it, so a change that
// breaks it or makes it warn fails there.
#include "scaffold.h"

#include <fstream>

#include "table_reader.h"

namespace author {
namespace {

const char* kTemplate = R"TOML(# @TITLE@: a new training module. content/README.md explains every key. This file compiles as it
# is: change one thing at a time and check after each change.
#
#   kiosk-author check content                               every problem, with file:line:column
#   kiosk-author graph content/modules/@ID@ -o map.svg   the scene map; open it in a browser
#   kiosk-author i18n extract content                        the PO files for translators

id = "@ID@"                  # the folder's name; learners never see it
title = "@TITLE@"            # shown on the module card
summary = "One or two short sentences that say what learners will be able to do afterwards."
audience = ["other"]         # police, health, social-care, fire, housing, benefits, voluntary, business, other
minutes = 5                  # about how long it takes, shown on the card
pass_mark = 50               # percent of the points of the questions and scored choices the learner saw

# A module about abuse, exploitation or anything that could upset someone is sensitive: it needs a
# content warning, which the kiosk shows first, with a choice to skip the module.
sensitive = true
content_warning = "This module talks about modern slavery and exploitation. You can stop at any time."

# Texts that read two or more years above this reading age get a warning (W100). 12 is the default.
# reading_age = 12

# Where the facts come from. Check them again before each release and update `checked`.
[[sources]]
title = "Modern slavery: how to identify and support victims (GOV.UK)"
url = "https://www.gov.uk/government/publications/modern-slavery-how-to-identify-and-support-victims"
checked = @CHECKED@

# The scenes, in the order learners meet them. Without `next`, a scene goes on to the one below it.

[[scenes]]
id = "welcome"
kind = "info"
title = "Welcome"
text = "Say what this module is about. Use short sentences and everyday words."
# An image needs alt text, read aloud to people who cannot see it:
# image = "images/welcome.png"   # PNG or JPEG, in this module's folder
# alt = "A man waits outside a car wash"

[[scenes]]
id = "first-question"
kind = "question"
question = "single"          # single, multi, truefalse, hotspot or order
prompt = "Which of these could be a sign that someone is being exploited?"
explanation = "Keeping a person's passport is a common way to control them."

  [[scenes.options]]
  id = "passport"
  text = "Someone else keeps their passport"
  correct = true
  feedback = "Yes. Taking someone's documents is a way to control them."

  [[scenes.options]]
  id = "phone"
  text = "They have a mobile phone"
  feedback = "A phone on its own is not a sign."

# A film scene: H.264/AAC in MP4 (or VP9/Opus in WebM) in film/, with captions in every language.
# [[scenes]]
# id = "film"
# kind = "film"
# video = "film/en.mp4"
# captions = { en = "film/en.vtt", cy = "film/cy.vtt" }

[[scenes]]
id = "what-now"
kind = "choice"
prompt = "You are worried about someone. What do you do?"

  [[scenes.options]]
  id = "ask"
  text = "Ask the man with her what is going on"
  goto = "unsafe"
  set = { confronted = true }    # a variable; the route in "how-to-report" reads it

  [[scenes.options]]
  id = "report"
  text = "Tell your safeguarding lead"
  goto = "how-to-report"
  score = 1                      # a scored choice: worth 1 toward the pass mark; this is the best option

[[scenes]]
id = "unsafe"
kind = "info"
text = "Asking someone who may be in control can put the person at risk. Report it safely instead."
next = "how-to-report"

# must_see: every path from the start to an end passes this scene; the compiler proves it.
[[scenes]]
id = "how-to-report"
kind = "info"
title = "How to report"
must_see = true
text = "If someone is in danger now, call 999. If not, tell your safeguarding lead. You do not need to be sure."

  [[scenes.routes]]
  if = "confronted"
  goto = "try-again"

  [[scenes.routes]]
  goto = "done"

[[scenes]]
id = "try-again"
kind = "end"
text = "Next time, report your worry without asking the person who may be in control."

[[scenes]]
id = "done"
kind = "end"
text = "Well done. The contacts on the next screen can help you report."
)TOML";

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

}  // namespace

std::string ModuleScaffold(const std::string& id, const std::string& checked) {
    std::string title = id;
    ReplaceAll(title, "-", " ");
    if (!title.empty() && title[0] >= 'a' && title[0] <= 'z') title[0] = static_cast<char>(title[0] - 'a' + 'A');
    std::string text = kTemplate;
    ReplaceAll(text, "@ID@", id);
    ReplaceAll(text, "@TITLE@", title);
    ReplaceAll(text, "@CHECKED@", checked);
    return text;
}

std::string CreateModule(const std::filesystem::path& content_dir, const std::string& id, const std::string& checked) {
    namespace fs = std::filesystem;
    if (!IsValidId(id))
        return "'" + id + "' is not a module id: use lower-case letters, digits and '-', starting with a letter, such as car-wash";
    std::error_code ec;
    if (!fs::is_regular_file(content_dir / "pack.toml", ec))
        return content_dir.string() + " has no pack.toml; give the content folder with --content DIR";
    fs::path dir = content_dir / "modules" / id;
    if (fs::exists(dir, ec)) return (dir / "").string() + " already exists; choose another id or edit that module";
    fs::create_directories(dir, ec);
    if (ec) return "cannot create " + dir.string() + ": " + ec.message();
    std::ofstream out(dir / "module.toml", std::ios::binary);
    out << ModuleScaffold(id, checked);
    out.close();
    if (!out) return "cannot write " + (dir / "module.toml").string();
    return "";
}

}  // namespace author
