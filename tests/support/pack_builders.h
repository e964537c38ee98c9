// Builders for the pack model in core tests that make their own small modules in C++ (session and preview
// suites), so a scene or an option is made one way everywhere instead of once per test file.
#pragma once

#include <string>
#include <utility>

#include "core/pack/pack_data.h"

namespace test_support {

// A scene of `kind`; a question is worth one point, as the compiler's default.
inline kiosk::core::Scene MakeScene(std::string id, kiosk::core::SceneKind kind,
                                    kiosk::core::QuestionType q = kiosk::core::QuestionType::None) {
    kiosk::core::Scene s;
    s.id = std::move(id);
    s.kind = kind;
    s.question = q;
    s.points = kind == kiosk::core::SceneKind::Question ? 1 : 0;
    return s;
}

// An option, right or not, going to another scene when `go_to` is set (a choice's branch).
inline kiosk::core::Option Opt(std::string id, bool correct = false, std::string go_to = {}) {
    kiosk::core::Option o;
    o.id = std::move(id);
    o.correct = correct;
    o.go_to = std::move(go_to);
    return o;
}

}  // namespace test_support
