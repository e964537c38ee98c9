// Questions (single, multi, true/false, hotspot, order) and branching choices. Before checking, options
// show what is selected; after, every option says in words and marks (not colour alone) whether it was
// right, with its feedback, and the scene's explanation follows.
//
// [SECTION] shared
// [SECTION] option lists (single, multi, true/false, choice)
// [SECTION] hotspot
// [SECTION] order
// [SECTION] entry points
#include <algorithm>
#include <cstdio>

#include "layout.h"
#include "screens.h"
#include "theme.h"
#include "widgets.h"

namespace kiosk::ui {
namespace {

//-----------------------------------------------------------------------------
// [SECTION] shared
//-----------------------------------------------------------------------------

const char* kTick = "\xE2\x9C\x93";      // ✓
const char* kCross = "\xE2\x9C\x97";     // ✗
const char* kBoxOn = "\xE2\x98\x91";     // ☑
const char* kBoxOff = "\xE2\x98\x90";    // ☐
const char* kDotOn = "\xE2\x97\x8F";     // ●
const char* kDotOff = "\xE2\x97\x8B";    // ○

bool Selected(const core::SceneProgress& p, int option) {
    return std::find(p.selected.begin(), p.selected.end(), option) != p.selected.end();
}

std::string OptionLabel(Context& ctx, const core::Module& module, const core::Scene& scene, std::size_t i) {
    if (scene.question == core::QuestionType::TrueFalse)
        return ctx.Ui(scene.options[i].id == "true" ? UiText::True : UiText::False);
    return ctx.Content(core::OptionKey(module.id, scene.id, scene.options[i].id, "text"));
}

// The verdict heading ("You got it right"), then the feedback and the explanation unless `heading_only`.
void DrawVerdict(Context& ctx, const core::Module& module, const core::Scene& scene, bool heading_only = false) {
    const auto& p = ctx.State().run->progress;
    Gap(heading_only ? 0.3f : 1.0f);
    std::string verdict = ctx.Ui(p.correct ? UiText::YouGotItRight : UiText::NotQuite);
    ImGui::PushStyleColor(ImGuiCol_Text, p.correct ? Colors().right : Colors().wrong);
    Heading(std::string(p.correct ? kTick : kCross) + " " + verdict);
    ImGui::PopStyleColor();
    ctx.Say(verdict);
    if (heading_only) return;
    if (scene.question == core::QuestionType::TrueFalse) {
        const std::string& feedback = ctx.Content(core::SceneKey(module.id, scene.id, "feedback"));
        if (!feedback.empty()) {
            Body(feedback);
            ctx.Say(feedback);
        }
    }
    const std::string& explanation = ctx.Content(core::SceneKey(module.id, scene.id, "explanation"));
    if (!explanation.empty()) {
        Gap(0.5f);
        InsetText(explanation, Colors().border);  // the fact to take away, set off as GOV.UK does
        ctx.Say(explanation);
    }
}

// Feedback under an option after checking: shown for options the learner chose and for right answers.
void DrawOptionFeedback(Context& ctx, const core::Module& module, const core::Scene& scene, std::size_t i) {
    const std::string& feedback = ctx.Content(core::OptionKey(module.id, scene.id, scene.options[i].id, "feedback"));
    if (feedback.empty()) return;
    ImGui::Indent(32.0f);
    Note(feedback);
    ImGui::Unindent(32.0f);
    ctx.Say(feedback);
}

//-----------------------------------------------------------------------------
// [SECTION] option lists (single, multi, true/false, choice)
//-----------------------------------------------------------------------------

void DrawOptionList(Context& ctx, const core::Module& module, const core::Scene& scene) {
    const auto& p = ctx.State().run->progress;
    const bool many = scene.question == core::QuestionType::Multi;
    const bool is_choice = scene.kind == core::SceneKind::Choice;
    for (std::size_t i = 0; i < scene.options.size(); ++i) {
        int index = static_cast<int>(i);
        bool selected = Selected(p, index);
        std::string label = OptionLabel(ctx, module, scene, i);
        ButtonStyle style = selected ? ButtonStyle::OptionSelected : ButtonStyle::Option;
        const char* mark = many ? (selected ? kBoxOn : kBoxOff) : (selected ? kDotOn : kDotOff);
        if (p.submitted && !is_choice) {
            bool right = scene.options[i].correct;
            if (right) {
                style = ButtonStyle::Right;
                mark = kTick;
                label += std::string("  (") + ctx.Ui(UiText::Right) + ")";
            } else if (selected) {
                style = ButtonStyle::Wrong;
                mark = kCross;
                label += std::string("  (") + ctx.Ui(UiText::NotRight) + ")";
            } else {
                style = ButtonStyle::Option;
                mark = nullptr;
            }
        }
        std::string id = (is_choice ? "choice.option." : "quiz.option.") + std::to_string(i);
        if (TouchButton(id, label, ImVec2(0, 0), style, !p.submitted || is_choice, mark, false) && !p.submitted)
            ctx.Emit(core::intent::ToggleOption{index});
        ctx.Say(label);
        if (p.submitted && (selected || (!is_choice && scene.options[i].correct))) DrawOptionFeedback(ctx, module, scene, i);
        Gap(0.2f);
    }
}

//-----------------------------------------------------------------------------
// [SECTION] hotspot
//-----------------------------------------------------------------------------

void DrawHotspot(Context& ctx, const core::Module& module, const core::Scene& scene) {
    const auto& p = ctx.State().run->progress;
    const Palette& colors = Colors();
    Texture texture = ctx.frame.services.image ? ctx.frame.services.image(scene.image) : Texture{};
    if (texture.id && texture.width > 0) {
        // The picture is the question here: it may take more of the screen than an illustration.
        const ImVec2 size = PictureSize(texture, 0.65f);
        const float width = size.x, height = size.y;
        float scale = width / static_cast<float>(texture.width);
        ImVec2 origin = ImGui::GetCursorScreenPos();
        ImGui::Image(texture.id, ImVec2(width, height));
        ImDrawList* draw = ImGui::GetWindowDrawList();
        ImGuiIO& io = ImGui::GetIO();
        for (std::size_t i = 0; i < scene.options.size(); ++i) {
            if (!scene.options[i].region) continue;
            const core::Rect& r = *scene.options[i].region;
            ImVec2 a(origin.x + r.x * scale, origin.y + r.y * scale);
            ImVec2 b(a.x + r.w * scale, a.y + r.h * scale);
            bool selected = Selected(p, static_cast<int>(i));
            RegisterWidget("hotspot.region." + std::to_string(i), a, b, !p.submitted);
            if (!p.submitted && ImGui::IsMouseReleased(ImGuiMouseButton_Left) && io.MouseDragMaxDistanceSqr[0] < 144.0f &&
                ImGui::IsMouseHoveringRect(a, b) && ImGui::IsWindowHovered())
                ctx.Emit(core::intent::ToggleOption{static_cast<int>(i)});
            if (p.submitted) {
                if (scene.options[i].correct) {
                    draw->AddRect(a, b, colors.right, 8.0f, 0, 6.0f);
                    draw->AddText(ImVec2(a.x + 8, a.y + 4), colors.right, kTick);
                } else if (selected) {
                    draw->AddRect(a, b, colors.wrong, 8.0f, 0, 6.0f);
                    draw->AddText(ImVec2(a.x + 8, a.y + 4), colors.wrong, kCross);
                }
            } else if (selected) {
                draw->AddRect(a, b, colors.accent, 8.0f, 0, 6.0f);
                draw->AddText(ImVec2(a.x + 8, a.y + 4), colors.accent, kTick);
            }
        }
    } else {
        // No picture on this kiosk: the regions become a list, so the question still works.
        DrawOptionList(ctx, module, scene);
        return;
    }
    if (p.submitted) {
        Gap(0.5f);
        Note(ctx.Ui(UiText::SignsYouMissed));
        for (std::size_t i = 0; i < scene.options.size(); ++i) {
            if (!scene.options[i].correct && !Selected(p, static_cast<int>(i))) continue;
            bool right = scene.options[i].correct;
            std::string line = std::string(right ? kTick : kCross) + " " + OptionLabel(ctx, module, scene, i);
            Body(line);
            ctx.Say(line);
            DrawOptionFeedback(ctx, module, scene, i);
        }
    }
}

//-----------------------------------------------------------------------------
// [SECTION] order
//-----------------------------------------------------------------------------

void DrawOrder(Context& ctx, const core::Module& module, const core::Scene& scene) {
    const auto& p = ctx.State().run->progress;
    const int n = static_cast<int>(p.order.size());
    float arrow = kMinTouch * 1.1f;
    for (int pos = 0; pos < n; ++pos) {
        std::size_t option = static_cast<std::size_t>(p.order[static_cast<std::size_t>(pos)]);
        char step[32];
        std::snprintf(step, sizeof step, ctx.Ui(UiText::Step), pos + 1);
        std::string label = std::string(step) + ": " + OptionLabel(ctx, module, scene, option);
        ButtonStyle style = ButtonStyle::Option;
        const char* mark = nullptr;
        if (p.submitted) {
            bool right = static_cast<int>(option) == pos;
            style = right ? ButtonStyle::Right : ButtonStyle::Wrong;
            mark = right ? kTick : kCross;
        }
        float width = ImGui::GetContentRegionAvail().x - (p.submitted ? 0 : 2 * (arrow + kSpace3));
        // The step itself is read-only: it is moved with the arrows beside it.
        TouchButton("order.item." + std::to_string(pos), label, ImVec2(width, 0), style, true, mark, false);
        ctx.Say(label);
        if (!p.submitted) {
            ImGui::SameLine(0, kSpace3);
            if (TouchButton("order.up." + std::to_string(pos), "\xE2\x96\xB2", ImVec2(arrow, arrow), ButtonStyle::Secondary, pos > 0))
                ctx.Emit(core::intent::MoveOption{pos, pos - 1});
            ImGui::SameLine(0, kSpace3);
            if (TouchButton("order.down." + std::to_string(pos), "\xE2\x96\xBC", ImVec2(arrow, arrow), ButtonStyle::Secondary, pos < n - 1))
                ctx.Emit(core::intent::MoveOption{pos, pos + 1});
        }
        Gap(0.2f);
    }
    if (p.submitted) {
        // Show the right order with each step's feedback.
        Gap(0.5f);
        for (int i = 0; i < n; ++i) {
            char step[32];
            std::snprintf(step, sizeof step, ctx.Ui(UiText::Step), i + 1);
            Body(std::string(step) + ": " + OptionLabel(ctx, module, scene, static_cast<std::size_t>(i)));
            DrawOptionFeedback(ctx, module, scene, static_cast<std::size_t>(i));
        }
    }
}

UiText HowTo(core::QuestionType type) {
    switch (type) {
        case core::QuestionType::Multi: return UiText::HowMulti;
        case core::QuestionType::TrueFalse: return UiText::HowTrueFalse;
        case core::QuestionType::Hotspot: return UiText::HowHotspot;
        case core::QuestionType::Order: return UiText::HowOrder;
        default: return UiText::HowSingle;
    }
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] entry points
//-----------------------------------------------------------------------------

void DrawQuestion(Context& ctx, const core::Module& module, const core::Scene& scene) {
    const std::string& prompt = ctx.Content(core::SceneKey(module.id, scene.id, "prompt"));
    ImGui::PushFont(HeadingFont());
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(prompt.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ctx.Say(prompt);
    if (!ctx.State().run->progress.submitted) {
        Note(ctx.Ui(HowTo(scene.question)));
        ctx.Say(ctx.Ui(HowTo(scene.question)));
    }
    const bool submitted = ctx.State().run->progress.submitted;
    // A hotspot picture fills the screen: its verdict goes above it, where it is seen without scrolling.
    const bool verdict_first = submitted && scene.question == core::QuestionType::Hotspot;
    if (verdict_first) DrawVerdict(ctx, module, scene, true);
    Gap(0.5f);
    switch (scene.question) {
        case core::QuestionType::Hotspot: DrawHotspot(ctx, module, scene); break;
        case core::QuestionType::Order: DrawOrder(ctx, module, scene); break;
        default: DrawOptionList(ctx, module, scene); break;
    }
    if (submitted) {
        if (verdict_first) {
            const std::string& explanation = ctx.Content(core::SceneKey(module.id, scene.id, "explanation"));
            if (!explanation.empty()) {
                Gap(0.5f);
                InsetText(explanation, Colors().border);
                ctx.Say(explanation);
            }
        } else {
            DrawVerdict(ctx, module, scene);
        }
    }
}

void DrawChoice(Context& ctx, const core::Module& module, const core::Scene& scene) {
    const std::string& prompt = ctx.Content(core::SceneKey(module.id, scene.id, "prompt"));
    Body(prompt);
    ctx.Say(prompt);
    if (!ctx.State().run->progress.submitted) Note(ctx.Ui(UiText::HowChoice));
    Gap(0.5f);
    DrawOptionList(ctx, module, scene);
}

}  // namespace kiosk::ui
