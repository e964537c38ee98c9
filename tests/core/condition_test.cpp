// Route conditions: grammar, evaluation rules, and the exact message and code-point offset of every
// error, since the compiler draws its caret from them.
#include <doctest/doctest.h>

#include <climits>
#include <string>
#include <utility>
#include <vector>

#include "core/session/condition.h"

using kiosk::core::Condition;
using kiosk::core::ConditionError;
using kiosk::core::ParseLiteral;
using kiosk::core::Value;
using kiosk::core::Variables;

namespace {

Condition MustParse(std::string_view text) {
    auto result = Condition::Parse(text);
    if (const auto* error = std::get_if<ConditionError>(&result)) {
        FAIL("unexpected error at " << error->offset << ": " << error->message << " in: " << std::string(text));
    }
    return std::get<Condition>(std::move(result));
}

ConditionError MustFail(std::string_view text) {
    auto result = Condition::Parse(text);
    REQUIRE_MESSAGE(std::holds_alternative<ConditionError>(result), "parsed: " << std::string(text));
    return std::get<ConditionError>(std::move(result));
}

bool Eval(std::string_view text, const Variables& vars = {}) { return MustParse(text).Evaluate(vars); }

std::string Repeat(std::string_view piece, std::size_t count) {
    std::string out;
    out.reserve(piece.size() * count);
    for (std::size_t i = 0; i < count; ++i) out += piece;
    return out;
}

}  // namespace

TEST_CASE("condition: not binds tighter than and - which binds tighter than or") {
    CHECK(Eval("true or false and false"));   // true or (false and false)
    CHECK(Eval("false and false or true"));   // (false and false) or true
    CHECK_FALSE(Eval("not false and false")); // (not false) and false
    CHECK(Eval("not true or true"));          // (not true) or true
    CHECK_FALSE(Eval("not not false"));
    // A comparison binds tighter than not.
    const Variables vars{{"x", 3LL}};
    CHECK_FALSE(Eval("not x == 3", vars));
    CHECK(Eval("not x == 4", vars));
}

TEST_CASE("condition: parentheses override precedence") {
    CHECK_FALSE(Eval("(true or false) and false"));
    CHECK(Eval("not (false and true)"));
    CHECK(Eval("((((true))))"));
    CHECK(Eval("(false or (true and (not false)))"));
    // A parenthesised expression is an operand like any other.
    CHECK(Eval("(1 < 2) == true"));
    CHECK(Eval("(1 > 2) != (2 > 1)"));
}

TEST_CASE("condition: comparisons on integers") {
    const Variables vars{{"score", 3LL}, {"debt", -5LL}};
    CHECK(Eval("score == 3", vars));
    CHECK_FALSE(Eval("score == 4", vars));
    CHECK(Eval("score != 4", vars));
    CHECK_FALSE(Eval("score != 3", vars));
    CHECK(Eval("score < 4", vars));
    CHECK_FALSE(Eval("score < 3", vars));
    CHECK(Eval("score <= 3", vars));
    CHECK_FALSE(Eval("score <= 2", vars));
    CHECK(Eval("score > 2", vars));
    CHECK_FALSE(Eval("score > 3", vars));
    CHECK(Eval("score >= 3", vars));
    CHECK_FALSE(Eval("score >= 4", vars));
    CHECK(Eval("debt == -5", vars));
    CHECK(Eval("debt < -4", vars));
    CHECK(Eval("debt<score", vars));  // no spaces needed
    CHECK(Eval("score>-1", vars));
    CHECK(Eval("-9223372036854775808 < 9223372036854775807"));
    CHECK(Eval("007 == 7"));
}

TEST_CASE("condition: comparisons on strings") {
    const Variables vars{{"name", std::string("bob")}, {"quote", std::string("say \"hi\" \\o/")}};
    CHECK(Eval("name == \"bob\"", vars));
    CHECK_FALSE(Eval("name == \"Bob\"", vars));
    CHECK(Eval("name != \"alice\"", vars));
    CHECK_FALSE(Eval("name != \"bob\"", vars));
    CHECK(Eval("name < \"carol\"", vars));
    CHECK_FALSE(Eval("name < \"bob\"", vars));
    CHECK(Eval("name <= \"bob\"", vars));
    CHECK(Eval("name > \"alice\"", vars));
    CHECK_FALSE(Eval("name > \"bob\"", vars));
    CHECK(Eval("name >= \"bob\"", vars));
    CHECK_FALSE(Eval("name >= \"bobby\"", vars));
    CHECK(Eval("quote == \"say \\\"hi\\\" \\\\o/\"", vars));
    CHECK(Eval("\"日本\" == \"日本\""));
}

TEST_CASE("condition: bools compare for equality only") {
    const Variables vars{{"seen", true}, {"done", false}};
    CHECK(Eval("seen == true", vars));
    CHECK_FALSE(Eval("seen == false", vars));
    CHECK(Eval("seen != done", vars));
    CHECK_FALSE(Eval("seen != true", vars));
    CHECK_FALSE(Eval("seen > done", vars));
    CHECK_FALSE(Eval("seen >= done", vars));
    CHECK_FALSE(Eval("done < seen", vars));
    CHECK_FALSE(Eval("seen <= true", vars));
}

TEST_CASE("condition: mismatched types compare false at run time - even with !=") {
    const Variables vars{{"n", std::string("1")}, {"flag", true}};
    CHECK_FALSE(Eval("\"x\" < 3"));
    CHECK_FALSE(Eval("\"x\" == 3"));
    CHECK_FALSE(Eval("\"x\" != 3"));
    CHECK_FALSE(Eval("n == 1", vars));
    CHECK_FALSE(Eval("n != 1", vars));
    CHECK_FALSE(Eval("flag == 1", vars));
    CHECK_FALSE(Eval("flag != \"\"", vars));
}

TEST_CASE("condition: unset variables are false - 0 or empty depending on what they meet") {
    CHECK_FALSE(Eval("missing"));
    CHECK(Eval("not missing"));
    CHECK(Eval("missing == 0"));
    CHECK_FALSE(Eval("missing != 0"));
    CHECK(Eval("missing < 1"));
    CHECK(Eval("missing > -1"));
    CHECK(Eval("0 >= missing"));
    CHECK(Eval("missing == \"\""));
    CHECK(Eval("missing < \"a\""));
    CHECK(Eval("missing == false"));
    CHECK_FALSE(Eval("missing == true"));
    CHECK(Eval("a == b"));  // both unset: both false
    CHECK_FALSE(Eval("a != b"));
    CHECK_FALSE(Eval("a < b"));
    // Against a set variable, the unset one takes that variable's type.
    const Variables vars{{"score", 0LL}, {"name", std::string("x")}};
    CHECK(Eval("missing == score", vars));
    CHECK(Eval("missing < name", vars));
}

TEST_CASE("condition: truthiness of bare values") {
    const Variables vars{{"zero", 0LL},          {"neg", -1LL}, {"empty", std::string()}, {"text", std::string("a")},
                         {"yes", true},          {"no", false}};
    CHECK_FALSE(Eval("zero", vars));
    CHECK(Eval("neg", vars));
    CHECK_FALSE(Eval("empty", vars));
    CHECK(Eval("text", vars));
    CHECK(Eval("yes", vars));
    CHECK_FALSE(Eval("no", vars));
    CHECK(Eval("1"));
    CHECK_FALSE(Eval("0"));
    CHECK(Eval("\"a\""));
    CHECK_FALSE(Eval("\"\""));
    CHECK(Eval("true"));
    CHECK_FALSE(Eval("false"));
    CHECK(Eval("text and neg and yes", vars));
    CHECK(Eval("zero or empty or no or text", vars));
}

TEST_CASE("condition: a default-constructed condition is false") {
    const Condition condition;
    CHECK_FALSE(condition.Evaluate({}));
    CHECK(condition.Identifiers().empty());
}

TEST_CASE("condition: every error has its message - offset and length") {
    struct Case {
        std::string text;
        std::size_t offset;
        std::size_t length;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"", 0, 1, "empty condition"},
        {"   ", 0, 1, "empty condition"},
        {"score >=", 8, 1, "expected a value after '>='"},
        {"score >= and x", 9, 3, "expected a value after '>='"},
        {"x == )", 5, 1, "expected a value after '=='"},
        {"a and", 5, 1, "expected a value after 'and'"},
        {"a or or b", 5, 2, "expected a value after 'or'"},
        {"not", 3, 1, "expected a value after 'not'"},
        {"()", 1, 1, "expected a value after '('"},
        {"and x", 0, 3, "expected a value before 'and'"},
        {"== 3", 0, 2, "expected a value before '=='"},
        {"(a or b", 0, 1, "unclosed '('"},
        {"a and (b or (c)", 6, 1, "unclosed '('"},
        {")", 0, 1, "unexpected ')'"},
        {"a)", 1, 1, "unexpected ')'"},
        {"(a))", 3, 1, "unexpected ')'"},
        {"score = 3", 6, 1, "'=' is not a comparison; did you mean '=='?"},
        {"a === 1", 2, 3, "'===' is not a comparison; did you mean '=='?"},
        {"a <> 1", 2, 2, "'<>' is not a comparison; did you mean '!='?"},
        {"a => 1", 2, 2, "'=>' is not a comparison; did you mean '>='?"},
        {"a =< 1", 2, 2, "'=<' is not a comparison; did you mean '<='?"},
        {"name == \"abc", 8, 1, "unterminated string"},
        {"name == \"abc\\", 8, 1, "unterminated string"},
        {"x == \"a\\nb\"", 7, 2, "unknown escape '\\n'; after a backslash only \\\" or \\\\ may follow"},
        {"a & b", 2, 1, "unexpected character '&'; use 'and'"},
        {"a && b", 2, 1, "unexpected character '&'; use 'and'"},
        {"a | b", 2, 1, "unexpected character '|'; use 'or'"},
        {"!a", 0, 1, "unexpected character '!'; use 'not'"},
        {"1 < x < 3", 6, 1, "comparisons cannot be chained; join them with 'and'"},
        {"a b", 2, 1, "expected 'and' or 'or' before 'b'"},
        {"a not b", 2, 3, "expected 'and' or 'or' before 'not'"},
        {"(a b)", 3, 1, "expected 'and', 'or' or ')' before 'b'"},
        {"x == 99999999999999999999", 5, 20, "number '99999999999999999999' is out of range"},
        {"x == -9223372036854775809", 5, 20, "number '-9223372036854775809' is out of range"},
        {"Score > 1", 0, 5, "'Score' must be written in lower case: 'score'"},
        {"a AND b", 2, 3, "'AND' must be written in lower case: 'and'"},
        {"3rd == x", 0, 3, "'3rd' is not a number, and names cannot start with a digit"},
        {"name == 'bob'", 8, 1, "text must be in double quotes (\"), not single quotes"},
        {"x - 1", 2, 1, "'-' must be followed by digits, as in -3"},
        {"x # y", 2, 1, "unexpected character '#'"},
        {"x\x01", 1, 1, "unexpected character U+0001"},
        {"x == \xff", 5, 1, "unexpected byte 0xFF; the condition is not valid UTF-8"},
        // Characters from outside ASCII, counted as one column each.
        {"scöre", 2, 1, "unexpected character 'ö' (U+00F6); names may only use a-z, 0-9, '_' and '-'"},
        {"x == “a”", 5, 1, "curly quote '“' is not allowed; use a straight double quote (\")"},
        {"a\u00A0and b", 1, 1, "unexpected invisible character (U+00A0); use a plain space"},
        {"\"日本🙂\" = 3", 6, 1, "'=' is not a comparison; did you mean '=='?"},
        {"\"ünïcödé\" == x & y", 15, 1, "unexpected character '&'; use 'and'"},
        {"\"é\" == \"x", 7, 1, "unterminated string"},
        {"\"🙂\" ==", 6, 1, "expected a value after '=='"},
        {"\"ü\" == x and (y", 13, 1, "unclosed '('"},
        {"a \"日本\"", 2, 4, "expected 'and' or 'or' before \"日本\""},
        // The first error in the text wins, whether the lexer or the parser finds it.
        {") & x", 0, 1, "unexpected ')'"},
        {"x >= & 3", 5, 1, "unexpected character '&'; use 'and'"},
        {"(x & y", 3, 1, "unexpected character '&'; use 'and'"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.text);
        const ConditionError error = MustFail(c.text);
        CHECK(error.message == c.message);
        CHECK(error.offset == c.offset);
        CHECK(error.length == c.length);
    }
}

TEST_CASE("condition: nesting is capped instead of overflowing the stack") {
    const std::string ok = Repeat("(", 64) + "x" + Repeat(")", 64);
    CHECK_FALSE(Eval(ok));

    const ConditionError parens = MustFail(Repeat("(", 65) + "x" + Repeat(")", 65));
    CHECK(parens.message == "condition nested too deeply");
    CHECK(parens.offset == 64);

    const ConditionError hostile = MustFail(Repeat("(", 100000));
    CHECK(hostile.message == "condition nested too deeply");
    CHECK(hostile.offset == 64);

    const ConditionError nots = MustFail(Repeat("not ", 100000) + "x");
    CHECK(nots.message == "condition nested too deeply");
    CHECK(nots.offset == 64 * 4);

    const ConditionError mixed = MustFail(Repeat("not (", 50000) + "x");
    CHECK(mixed.message == "condition nested too deeply");
    CHECK(mixed.offset == 32 * 5);
}

TEST_CASE("condition: long flat chains are not nesting") {
    // And/or chains are lists, so length alone must neither be refused nor recurse.
    const Condition all = MustParse("x" + Repeat(" and x", 100000));
    CHECK(all.Evaluate({{"x", true}}));
    CHECK_FALSE(all.Evaluate({}));
    CHECK(all.Identifiers().size() == 100001);
    CHECK(Eval(Repeat("false or ", 100000) + "true"));
}

TEST_CASE("condition: identifiers come with code-point offsets - in order - without keywords") {
    using List = std::vector<std::pair<std::string, std::size_t>>;
    CHECK(MustParse("score >= 3 and not confronted or (name == \"é\" and score < 10)").Identifiers() ==
          List{{"score", 0}, {"confronted", 19}, {"name", 34}, {"score", 50}});
    CHECK(MustParse("door-2_open and _x and true-ish").Identifiers() ==
          List{{"door-2_open", 0}, {"_x", 16}, {"true-ish", 23}});
    CHECK(MustParse("\"日本🙂\" == x").Identifiers() == List{{"x", 9}});
    CHECK(MustParse("true and not false or 3 == 3").Identifiers().empty());
}

TEST_CASE("condition: ParseLiteral reads true - false - integers and strings") {
    CHECK(ParseLiteral("true") == std::optional<Value>(true));
    CHECK(ParseLiteral("false") == std::optional<Value>(false));
    CHECK(ParseLiteral("0") == std::optional<Value>(0LL));
    CHECK(ParseLiteral("42") == std::optional<Value>(42LL));
    CHECK(ParseLiteral("-7") == std::optional<Value>(-7LL));
    CHECK(ParseLiteral("9223372036854775807") == std::optional<Value>(LLONG_MAX));
    CHECK(ParseLiteral("-9223372036854775808") == std::optional<Value>(LLONG_MIN));
    CHECK(ParseLiteral(" 5 ") == std::optional<Value>(5LL));
    CHECK(ParseLiteral("\"text\"") == std::optional<Value>(std::string("text")));
    CHECK(ParseLiteral("\"\"") == std::optional<Value>(std::string()));
    CHECK(ParseLiteral("\"a \\\"b\\\" \\\\ 日本\"") == std::optional<Value>(std::string("a \"b\" \\ 日本")));
}

TEST_CASE("condition: ParseLiteral rejects anything else") {
    for (const char* text : {"", "   ", "True", "tru", "name", "9223372036854775808", "+3", "3 4", "1.5", "\"open",
                             "\"bad \\n escape\"", "'single'", "\"a\" \"b\"", "true and false", "-", "(1)", "3rd"}) {
        CAPTURE(text);
        CHECK_FALSE(ParseLiteral(text).has_value());
    }
}
