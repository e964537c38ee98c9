// Parses and evaluates route conditions (grammar in condition.h). The kiosk parses text from packs it did
// not write, so parsing is total: hostile text yields a ConditionError, never a crash or a deep recursion.
// Messages are for content authors, so they say what to write. [SECTION]s: Characters, Lexer, Parser, Evaluation.
#include "condition.h"

#include <charconv>
#include <compare>
#include <cstdio>
#include <system_error>
#include <utility>

namespace kiosk::core {

// And/Or hold all their operands in one node rather than a left-leaning chain, so a condition of
// 100000 "and"s is as shallow as one with two: depth comes only from '(' and 'not', which are capped.
struct Condition::Node {
    enum class Kind { Literal, Variable, Not, And, Or, Compare };
    enum class Op { Eq, Ne, Lt, Le, Gt, Ge };

    Kind kind = Kind::Literal;
    Op op = Op::Eq;
    Value literal;
    std::string name;
    std::vector<Node> children;
};

namespace {

using Node = Condition::Node;

// Each '(' and 'not' nests one level. Nobody writes 64 by hand; past it the text is hostile or generated,
// and stopping here keeps parsing, evaluation and destruction of the tree far inside any stack.
constexpr int kMaxDepth = 64;

// [SECTION] Characters

// Counted the way authoring/source_file.h counts columns (every byte that is not a UTF-8 continuation
// byte), so carets line up with the compiler's even on malformed input.
std::size_t CodePoints(std::string_view utf8) {
    std::size_t count = 0;
    for (const char c : utf8) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
    }
    return count;
}

struct Decoded {
    char32_t value = 0;
    std::size_t size = 1;  // bytes
    bool valid = false;
};

// One code point at `pos`; an invalid sequence is reported as a single invalid byte.
Decoded DecodeAt(std::string_view text, std::size_t pos) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (lead < 0x80) return {lead, 1, true};
    std::size_t size = 0;
    char32_t value = 0;
    char32_t minimum = 0;
    if ((lead & 0xE0) == 0xC0) {
        size = 2;
        value = lead & 0x1F;
        minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        size = 3;
        value = lead & 0x0F;
        minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        size = 4;
        value = lead & 0x07;
        minimum = 0x10000;
    } else {
        return {lead, 1, false};
    }
    if (pos + size > text.size()) return {lead, 1, false};
    for (std::size_t i = 1; i < size; ++i) {
        const auto byte = static_cast<unsigned char>(text[pos + i]);
        if ((byte & 0xC0) != 0x80) return {lead, 1, false};
        value = (value << 6) | (byte & 0x3F);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return {lead, 1, false};
    return {value, size, true};
}

bool IsWordStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWordChar(char c) { return IsWordStart(c) || IsDigit(c) || c == '-'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string CodePointName(char32_t value) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(value));
    return buffer;
}

// [SECTION] Lexer

enum class TokenKind {
    End,
    Error,
    Identifier,
    Integer,
    String,
    True,
    False,
    And,
    Or,
    Not,
    LeftParen,
    RightParen,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
};

struct Token {
    TokenKind kind = TokenKind::End;
    std::size_t offset = 0;  // code points
    std::size_t length = 1;  // code points
    std::string_view spelling;
    long long integer = 0;
    std::string text;  // a string's value, or an Error's message
};

// Produces one token per call, on demand, so the parser meets a bad character only when it reaches it
// and the error reported is always the first one in the text.
class Lexer {
public:
    explicit Lexer(std::string_view text) : m_text(text) {}

    Token Next() {
        while (m_pos < m_text.size() && IsSpace(m_text[m_pos])) Advance(1);
        if (m_pos == m_text.size()) return Make(TokenKind::End, m_pos, m_column);

        const char c = m_text[m_pos];
        const char next = Peek(1);
        if (IsWordStart(c)) return LexWord();
        if (IsDigit(c) || (c == '-' && IsDigit(next))) return LexNumber();
        if (c == '"') return LexString();

        const std::size_t start = m_pos;
        const std::size_t column = m_column;
        switch (c) {
            case '(': return Single(TokenKind::LeftParen, 1);
            case ')': return Single(TokenKind::RightParen, 1);
            case '<':
                if (next == '>') return Fail(column, 2, "'<>' is not a comparison; did you mean '!='?");
                return next == '=' ? Single(TokenKind::Le, 2) : Single(TokenKind::Lt, 1);
            case '>': return next == '=' ? Single(TokenKind::Ge, 2) : Single(TokenKind::Gt, 1);
            case '!':
                if (next == '=') return Single(TokenKind::Ne, 2);
                return Fail(column, 1, "unexpected character '!'; use 'not'");
            case '=':
                if (next == '=' && Peek(2) == '=') return Fail(column, 3, "'===' is not a comparison; did you mean '=='?");
                if (next == '=') return Single(TokenKind::Eq, 2);
                if (next == '<') return Fail(column, 2, "'=<' is not a comparison; did you mean '<='?");
                if (next == '>') return Fail(column, 2, "'=>' is not a comparison; did you mean '>='?");
                return Fail(column, 1, "'=' is not a comparison; did you mean '=='?");
            case '&': return Fail(column, 1, "unexpected character '&'; use 'and'");
            case '|': return Fail(column, 1, "unexpected character '|'; use 'or'");
            case '\'': return Fail(column, 1, "text must be in double quotes (\"), not single quotes");
            case '-': return Fail(column, 1, "'-' must be followed by digits, as in -3");
            default: break;
        }

        const Decoded decoded = DecodeAt(m_text, start);
        if (!decoded.valid) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(c)));
            return Fail(column, 1, std::string("unexpected byte ") + buffer + "; the condition is not valid UTF-8");
        }
        const std::string shown(m_text.substr(start, decoded.size));
        if (decoded.value == U'\u201C' || decoded.value == U'\u201D' || decoded.value == U'\u2018' ||
            decoded.value == U'\u2019') {
            return Fail(column, 1, "curly quote '" + shown + "' is not allowed; use a straight double quote (\")");
        }
        // Word processors slip these in where a space was meant; the glyph alone would look like a space.
        if (decoded.value == 0xA0 || (decoded.value >= 0x2000 && decoded.value <= 0x200B) || decoded.value == 0x202F ||
            decoded.value == 0x3000 || decoded.value == 0xFEFF) {
            return Fail(column, 1, "unexpected invisible character (" + CodePointName(decoded.value) + "); use a plain space");
        }
        std::string message = "unexpected character ";
        if (decoded.value < 0x20 || decoded.value == 0x7F) {
            message += CodePointName(decoded.value);
        } else if (decoded.value < 0x80) {
            message += "'" + shown + "'";
        } else {
            // The code point names look-alikes and invisible ones (a no-break space) that the glyph hides.
            message += "'" + shown + "' (" + CodePointName(decoded.value) + ")";
        }
        // An accented letter inside a name ("scöre") is the usual way to get here.
        if (decoded.value >= 0x80 && start > 0 && IsWordChar(m_text[start - 1])) {
            message += "; names may only use a-z, 0-9, '_' and '-'";
        }
        return Fail(column, 1, std::move(message));
    }

private:
    char Peek(std::size_t ahead) const { return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0'; }

    void Advance(std::size_t bytes) {
        m_column += CodePoints(m_text.substr(m_pos, bytes));
        m_pos += bytes;
    }

    Token Make(TokenKind kind, std::size_t start, std::size_t column) const {
        Token token;
        token.kind = kind;
        token.offset = column;
        token.length = m_pos > start ? m_column - column : 1;
        token.spelling = m_text.substr(start, m_pos - start);
        return token;
    }

    Token Single(TokenKind kind, std::size_t bytes) {
        const std::size_t start = m_pos;
        const std::size_t column = m_column;
        Advance(bytes);
        return Make(kind, start, column);
    }

    Token Fail(std::size_t column, std::size_t length, std::string message) {
        Token token;
        token.kind = TokenKind::Error;
        token.offset = column;
        token.length = length;
        token.text = std::move(message);
        m_pos = m_text.size();  // nothing after an error is ever read
        return token;
    }

    Token LexWord() {
        const std::size_t start = m_pos;
        const std::size_t column = m_column;
        while (m_pos < m_text.size() && IsWordChar(m_text[m_pos])) Advance(1);
        const std::string_view word = m_text.substr(start, m_pos - start);

        std::string lower(word);
        for (char& c : lower) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
        if (lower != word) {
            return Fail(column, word.size(), "'" + std::string(word) + "' must be written in lower case: '" + lower + "'");
        }

        TokenKind kind = TokenKind::Identifier;
        if (word == "and") kind = TokenKind::And;
        else if (word == "or") kind = TokenKind::Or;
        else if (word == "not") kind = TokenKind::Not;
        else if (word == "true") kind = TokenKind::True;
        else if (word == "false") kind = TokenKind::False;
        return Make(kind, start, column);
    }

    Token LexNumber() {
        const std::size_t start = m_pos;
        const std::size_t column = m_column;
        if (m_text[m_pos] == '-') Advance(1);
        while (m_pos < m_text.size() && IsDigit(m_text[m_pos])) Advance(1);
        if (m_pos < m_text.size() && IsWordStart(m_text[m_pos])) {
            while (m_pos < m_text.size() && IsWordChar(m_text[m_pos])) Advance(1);
            const std::string word(m_text.substr(start, m_pos - start));
            return Fail(column, word.size(), "'" + word + "' is not a number, and names cannot start with a digit");
        }
        Token token = Make(TokenKind::Integer, start, column);
        const char* first = token.spelling.data();
        const char* last = first + token.spelling.size();
        const auto [end, error] = std::from_chars(first, last, token.integer);
        if (error == std::errc::result_out_of_range || end != last) {
            return Fail(column, token.length, "number '" + std::string(token.spelling) + "' is out of range");
        }
        return token;
    }

    Token LexString() {
        const std::size_t start = m_pos;
        const std::size_t column = m_column;
        std::string value;
        Advance(1);
        while (true) {
            if (m_pos == m_text.size()) return Fail(column, 1, "unterminated string");
            const char c = m_text[m_pos];
            if (c == '"') break;
            if (c == '\\') {
                const char escaped = Peek(1);
                if (escaped == '"' || escaped == '\\') {
                    value += escaped;
                    Advance(2);
                    continue;
                }
                if (m_pos + 1 == m_text.size()) return Fail(column, 1, "unterminated string");
                const Decoded decoded = DecodeAt(m_text, m_pos + 1);
                return Fail(m_column, 2,
                            "unknown escape '\\" + std::string(m_text.substr(m_pos + 1, decoded.size)) +
                                "'; after a backslash only \\\" or \\\\ may follow");
            }
            const std::size_t size = DecodeAt(m_text, m_pos).size;
            value += m_text.substr(m_pos, size);
            Advance(size);
        }
        Advance(1);
        Token token = Make(TokenKind::String, start, column);
        token.text = std::move(value);
        return token;
    }

    std::string_view m_text;
    std::size_t m_pos = 0;     // bytes
    std::size_t m_column = 0;  // code points
};

// [SECTION] Parser

std::optional<Node::Op> AsComparison(TokenKind kind) {
    switch (kind) {
        case TokenKind::Eq: return Node::Op::Eq;
        case TokenKind::Ne: return Node::Op::Ne;
        case TokenKind::Lt: return Node::Op::Lt;
        case TokenKind::Le: return Node::Op::Le;
        case TokenKind::Gt: return Node::Op::Gt;
        case TokenKind::Ge: return Node::Op::Ge;
        default: return std::nullopt;
    }
}

// How a token is named in a message: text values keep their own double quotes.
std::string Describe(const Token& token) {
    if (token.kind == TokenKind::String) return std::string(token.spelling);
    return "'" + std::string(token.spelling) + "'";
}

// Recursive descent, one function per grammar rule. Every function returns nullopt once m_error is set,
// and the callers unwind without reading further, so the first error is the one reported.
class Parser {
public:
    explicit Parser(std::string_view text) : m_lexer(text) { m_current = m_lexer.Next(); }

    std::optional<Node> ParseAll() {
        auto root = ParseOr(0);
        if (!root) return std::nullopt;
        switch (m_current.kind) {
            case TokenKind::End: return root;
            case TokenKind::Error: return FailLexed();
            case TokenKind::RightParen: return Fail(m_current, "unexpected ')'");
            default: return Fail(m_current, "expected 'and' or 'or' before " + Describe(m_current));
        }
    }

    ConditionError TakeError() { return std::move(*m_error); }
    std::vector<std::pair<std::string, std::size_t>> TakeIdentifiers() { return std::move(m_identifiers); }

private:
    void Advance() {
        m_previous = m_current.spelling;
        m_hasPrevious = true;
        m_current = m_lexer.Next();
    }

    std::nullopt_t Fail(std::size_t offset, std::size_t length, std::string message) {
        m_error = ConditionError{offset, length, std::move(message)};
        return std::nullopt;
    }
    std::nullopt_t Fail(const Token& at, std::string message) { return Fail(at.offset, at.length, std::move(message)); }
    std::nullopt_t FailLexed() { return Fail(m_current, std::move(m_current.text)); }

    std::optional<Node> ParseOr(int depth) { return ParseChain(depth, TokenKind::Or, Node::Kind::Or); }
    std::optional<Node> ParseAnd(int depth) { return ParseChain(depth, TokenKind::And, Node::Kind::And); }

    // or := and ("or" and)*   and := unary ("and" unary)*
    std::optional<Node> ParseChain(int depth, TokenKind separator, Node::Kind kind) {
        auto first = kind == Node::Kind::Or ? ParseAnd(depth) : ParseUnary(depth);
        if (!first || m_current.kind != separator) return first;
        Node node;
        node.kind = kind;
        node.children.push_back(std::move(*first));
        while (m_current.kind == separator) {
            Advance();
            auto next = kind == Node::Kind::Or ? ParseAnd(depth) : ParseUnary(depth);
            if (!next) return std::nullopt;
            node.children.push_back(std::move(*next));
        }
        return node;
    }

    // unary := "not" unary | cmp
    std::optional<Node> ParseUnary(int depth) {
        if (m_current.kind != TokenKind::Not) return ParseComparison(depth);
        if (depth + 1 > kMaxDepth) return Fail(m_current, "condition nested too deeply");
        Advance();
        auto operand = ParseUnary(depth + 1);
        if (!operand) return std::nullopt;
        Node node;
        node.kind = Node::Kind::Not;
        node.children.push_back(std::move(*operand));
        return node;
    }

    // cmp := atom (op atom)?
    std::optional<Node> ParseComparison(int depth) {
        auto left = ParseAtom(depth);
        if (!left) return std::nullopt;
        const auto op = AsComparison(m_current.kind);
        if (!op) return left;
        Advance();
        auto right = ParseAtom(depth);
        if (!right) return std::nullopt;
        // "1 < x < 3" reads naturally but the grammar has no meaning for it; say what to write instead.
        if (AsComparison(m_current.kind)) return Fail(m_current, "comparisons cannot be chained; join them with 'and'");
        Node node;
        node.kind = Node::Kind::Compare;
        node.op = *op;
        node.children.push_back(std::move(*left));
        node.children.push_back(std::move(*right));
        return node;
    }

    // atom := identifier | integer | "string" | true | false | "(" expr ")"
    std::optional<Node> ParseAtom(int depth) {
        Node node;
        switch (m_current.kind) {
            case TokenKind::Identifier:
                node.kind = Node::Kind::Variable;
                node.name = std::string(m_current.spelling);
                m_identifiers.emplace_back(node.name, m_current.offset);
                break;
            case TokenKind::Integer: node.literal = m_current.integer; break;
            case TokenKind::String: node.literal = std::move(m_current.text); break;
            case TokenKind::True: node.literal = true; break;
            case TokenKind::False: node.literal = false; break;
            case TokenKind::LeftParen: return ParseParenthesised(depth);
            case TokenKind::Error: return FailLexed();
            default: return ExpectedValue();
        }
        Advance();
        return node;
    }

    std::optional<Node> ParseParenthesised(int depth) {
        if (depth + 1 > kMaxDepth) return Fail(m_current, "condition nested too deeply");
        const std::size_t open = m_current.offset;
        Advance();
        auto inner = ParseOr(depth + 1);
        if (!inner) return std::nullopt;
        switch (m_current.kind) {
            case TokenKind::RightParen: Advance(); return inner;
            case TokenKind::Error: return FailLexed();
            case TokenKind::End: return Fail(open, 1, "unclosed '('");
            default: return Fail(m_current, "expected 'and', 'or' or ')' before " + Describe(m_current));
        }
    }

    std::nullopt_t ExpectedValue() {
        if (!m_hasPrevious) {
            if (m_current.kind == TokenKind::End) return Fail(0, 1, "empty condition");
            if (m_current.kind == TokenKind::RightParen) return Fail(m_current, "unexpected ')'");
            return Fail(m_current, "expected a value before " + Describe(m_current));
        }
        return Fail(m_current, "expected a value after '" + std::string(m_previous) + "'");
    }

    Lexer m_lexer;
    Token m_current;
    std::string_view m_previous;  // spelling of the last token consumed, for "expected a value after"
    bool m_hasPrevious = false;
    std::optional<ConditionError> m_error;
    std::vector<std::pair<std::string, std::size_t>> m_identifiers;
};

// [SECTION] Evaluation

bool IsTruthy(const Value& value) {
    if (const bool* flag = std::get_if<bool>(&value)) return *flag;
    if (const long long* number = std::get_if<long long>(&value)) return *number != 0;
    return !std::get<std::string>(value).empty();
}

// What an unset variable stands for next to a value of this type: false, 0 or "".
Value ZeroLike(const Value& value) {
    if (std::holds_alternative<bool>(value)) return false;
    if (std::holds_alternative<long long>(value)) return 0LL;
    return std::string();
}

template <typename T>
bool Ordered(Node::Op op, const T& left, const T& right) {
    const auto order = left <=> right;
    switch (op) {
        case Node::Op::Eq: return order == 0;
        case Node::Op::Ne: return order != 0;
        case Node::Op::Lt: return order < 0;
        case Node::Op::Le: return order <= 0;
        case Node::Op::Gt: return order > 0;
        case Node::Op::Ge: return order >= 0;
    }
    return false;
}

// nullopt stands for an unset variable, whose value depends on what it is compared with.
bool Compare(Node::Op op, const std::optional<Value>& left, const std::optional<Value>& right) {
    // Two unset variables are both "false".
    const Value left_value = left ? *left : right ? ZeroLike(*right) : Value(false);
    const Value right_value = right ? *right : ZeroLike(left_value);
    // The compiler rejects mismatches it can see; one it could not (a variable set to another type)
    // makes the route not taken, which is safer than taking it by accident. So even != is false here.
    if (left_value.index() != right_value.index()) return false;
    if (const bool* flag = std::get_if<bool>(&left_value)) {
        const bool other = std::get<bool>(right_value);
        if (op == Node::Op::Eq) return *flag == other;
        if (op == Node::Op::Ne) return *flag != other;
        return false;  // true > false has no meaning an author would rely on
    }
    if (const long long* number = std::get_if<long long>(&left_value)) {
        return Ordered(op, *number, std::get<long long>(right_value));
    }
    return Ordered(op, std::get<std::string>(left_value), std::get<std::string>(right_value));
}

bool Truth(const Node& node, const Variables& vars);

std::optional<Value> Resolve(const Node& node, const Variables& vars) {
    switch (node.kind) {
        case Node::Kind::Literal: return node.literal;
        case Node::Kind::Variable: {
            const auto found = vars.find(node.name);
            if (found == vars.end()) return std::nullopt;
            return found->second;
        }
        default: return Value(Truth(node, vars));  // a parenthesised expression used as an operand
    }
}

bool Truth(const Node& node, const Variables& vars) {
    switch (node.kind) {
        case Node::Kind::Literal: return IsTruthy(node.literal);
        case Node::Kind::Variable: {
            const auto found = vars.find(node.name);
            return found != vars.end() && IsTruthy(found->second);
        }
        case Node::Kind::Not: return !Truth(node.children.front(), vars);
        case Node::Kind::And:
            for (const Node& child : node.children) {
                if (!Truth(child, vars)) return false;
            }
            return true;
        case Node::Kind::Or:
            for (const Node& child : node.children) {
                if (Truth(child, vars)) return true;
            }
            return false;
        case Node::Kind::Compare:
            return Compare(node.op, Resolve(node.children[0], vars), Resolve(node.children[1], vars));
    }
    return false;
}

}  // namespace

std::variant<Condition, ConditionError> Condition::Parse(std::string_view text) {
    Parser parser(text);
    auto root = parser.ParseAll();
    if (!root) return parser.TakeError();
    Condition condition;
    condition.m_root = std::make_shared<const Node>(std::move(*root));
    condition.m_identifiers = parser.TakeIdentifiers();
    return condition;
}

bool Condition::Evaluate(const Variables& vars) const {
    // A default-constructed Condition was never parsed; not taking the route is the safe answer.
    return m_root && Truth(*m_root, vars);
}

std::optional<Value> ParseLiteral(std::string_view text) {
    Lexer lexer(text);
    Token token = lexer.Next();
    if (lexer.Next().kind != TokenKind::End) return std::nullopt;
    switch (token.kind) {
        case TokenKind::True: return Value(true);
        case TokenKind::False: return Value(false);
        case TokenKind::Integer: return Value(token.integer);
        case TokenKind::String: return Value(std::move(token.text));
        default: return std::nullopt;
    }
}

}  // namespace kiosk::core
