#!/usr/bin/env bash
# check_sql.sh can fail: each way of building SQL text at run time is planted in a copy of a real source
# file (tools/report/records_input.cpp), and the check must name the planted line; the unchanged copy
# and planted calls that are fine (a literal, a constant, a choice of constants) must pass.
# (A function that passes its own parameter on as SQL is a helper: its callers are what get checked.)
# Usage: check_sql_test.sh ROOT
root="$1"
# $tmp, expect, fail, finish
source "$(dirname "$0")/support/expect.sh"
original="$root/tools/report/records_input.cpp"
copy="$tmp/records_input.cpp"
cp "$original" "$copy"
expect 0 'all SQL is fixed text' -- "$root/tests/check_sql.sh" "$root" "$copy"

# plant WANT NAME CODE: CODE (inside a function) appended to the copy; WANT 1 = the check must fail naming
# the line, 0 = it must pass.
plant() {
  local want="$1" name="$2" code="$3"
  cp "$original" "$copy"
  printf '\nnamespace report {\nvoid Planted(kiosk::core::Database& db, const std::string& name, int n) {\n    kiosk::core::Statement st;\n%s\n}\n}  // namespace report\n' "$code" >>"$copy"
  local line
  line=$(grep -n 'PLANTED' "$copy" | head -1 | cut -d: -f1)
  local out status
  out=$("$root/tests/check_sql.sh" "$root" "$copy" 2>&1)
  status=$?
  if [ "$want" = 1 ]; then
    if [ "$status" -ne 1 ] || ! grep -q "records_input.cpp:$line:" <<<"$out"; then
      fail "$name: the check did not catch line $line (exit $status):"; echo "$out" | tail -5
    fi
  elif [ "$status" -ne 0 ]; then
    fail "$name: the check refused fixed SQL (exit $status):"; echo "$out" | tail -5
  fi
}

plant 1 "concatenation" '    db.Exec(("DELETE FROM sittings WHERE id = " + name).c_str());  // PLANTED'
plant 1 "std::string variable" '    std::string sql = "SELECT * FROM sittings WHERE kiosk_id = '"'"'" + name + "'"'"'";
    st.Prepare(db, sql);  // PLANTED'
plant 1 "std::format" '    st.Prepare(db, std::format("SELECT * FROM {}", name));  // PLANTED'
plant 1 "ostringstream" '    std::ostringstream q;
    q << "SELECT " << n;
    st.Prepare(db, q.str());  // PLANTED'
plant 1 "raw sqlite3_exec" '    std::string sql = "DELETE FROM " + name;
    sqlite3_exec(db.Handle(), sql.c_str(), nullptr, nullptr, nullptr);  // PLANTED'
plant 1 "raw sqlite3_prepare_v2" '    sqlite3_stmt* raw = nullptr;
    std::string sql = "SELECT " + std::to_string(n);
    sqlite3_prepare_v2(db.Handle(), sql.c_str(), -1, &raw, nullptr);  // PLANTED'
plant 1 "a reassigned constant" '    const char* sql = "SELECT 1";
    sql = name.c_str();
    st.Prepare(db, sql);  // PLANTED'
plant 1 "through a helper" '    std::string error;
    Scalar(db, ("PRAGMA src." + name).c_str(), error);  // PLANTED'
plant 0 "a literal" '    st.Prepare(db, "SELECT id FROM sittings WHERE kiosk_id = ?1");  // PLANTED'
plant 0 "a choice of literals" '    st.Prepare(db, n > 1 ? "SELECT 1" : "SELECT 2");  // PLANTED'
plant 0 "a named constant" '    constexpr const char* kSql = "SELECT count(*) FROM sittings";
    st.Prepare(db, kSql);  // PLANTED'

finish "SQL check plants"
