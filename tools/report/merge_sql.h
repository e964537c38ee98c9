// The fixed SQL text of kiosk-report's merge (merge.cpp and the merge_*.cpp beside it): the only varying
// inputs are bound parameters and the attached file. Text only: each statement is run where it is used.
#pragma once

namespace report {

// [SECTION] SQL
//
// temp.src_sittings presents an input's sittings in the current shape whatever its schema version
// (version 1 had no partnership column: '' means "not recorded"). A TEMP view may read attached files.
inline constexpr const char* kSrcSittingsV1 =
    "CREATE TEMP VIEW src_sittings AS SELECT id, kiosk_id, site_id, agency, region, '' AS partnership, role, "
    "language, staff_hash, pack_id, pack_version, pack_hash, started_at, ended_at, outcome FROM src.sittings";
inline constexpr const char* kSrcSittingsV2 =
    "CREATE TEMP VIEW src_sittings AS SELECT id, kiosk_id, site_id, agency, region, partnership, role, "
    "language, staff_hash, pack_id, pack_version, pack_hash, started_at, ended_at, outcome FROM src.sittings";

inline constexpr const char* kSourceRows =
    "SELECT (SELECT count(*) FROM src.sittings), (SELECT count(*) FROM src.answers), "
    "(SELECT count(*) FROM src.completions)";

// "WHERE true" lets SQLite parse ON CONFLICT after a SELECT (its documented upsert ambiguity).
inline constexpr const char* kInsertSittings =
    "INSERT INTO main.sittings (id, kiosk_id, site_id, agency, region, partnership, role, language, staff_hash, "
    "pack_id, pack_version, pack_hash, started_at, ended_at, outcome) SELECT id, kiosk_id, site_id, agency, region, "
    "partnership, role, language, staff_hash, pack_id, pack_version, pack_hash, started_at, ended_at, outcome "
    "FROM temp.src_sittings WHERE true ON CONFLICT (id) DO NOTHING";

// Same id, other content. They run after the insert: a row this input just added is identical to its
// source row, so only rows that were there before can differ. A sitting still open in OUT that the
// input saw end is progress, not a conflict (a kiosk exported twice, mid-sitting and later); so is a
// partnership that one side lacks.
inline constexpr const char* kSittingConflicts =
    "INSERT INTO temp.conflicts (kind, id) SELECT 'sitting', s.id FROM temp.src_sittings s "
    "JOIN main.sittings m ON m.id = s.id WHERE "
    "(m.kiosk_id, m.site_id, m.agency, m.region, m.role, m.language, m.staff_hash, m.pack_id, m.pack_version, "
    "m.pack_hash, m.started_at) IS NOT (s.kiosk_id, s.site_id, s.agency, s.region, s.role, s.language, "
    "s.staff_hash, s.pack_id, s.pack_version, s.pack_hash, s.started_at) "
    "OR (m.ended_at IS NOT NULL AND s.ended_at IS NOT NULL AND (m.ended_at, m.outcome) IS NOT (s.ended_at, s.outcome)) "
    "OR (m.partnership <> '' AND s.partnership <> '' AND m.partnership <> s.partnership)";
inline constexpr const char* kAnswerConflicts =
    "INSERT INTO temp.conflicts (kind, id) SELECT 'answer', s.id FROM src.answers s JOIN main.answers m ON m.id = s.id "
    "WHERE (m.sitting_id, m.module_id, m.scene_id, m.question_type, m.chosen, m.correct, m.seconds, m.answered_at) "
    "IS NOT (s.sitting_id, s.module_id, s.scene_id, s.question_type, s.chosen, s.correct, s.seconds, s.answered_at)";
inline constexpr const char* kCompletionConflicts =
    "INSERT INTO temp.conflicts (kind, id) SELECT 'completion', s.id FROM src.completions s "
    "JOIN main.completions m ON m.id = s.id WHERE "
    "(m.sitting_id, m.module_id, m.points, m.points_possible, m.percent, m.passed, m.completion_code, m.end_scene, "
    "m.seconds, m.completed_at) IS NOT (s.sitting_id, s.module_id, s.points, s.points_possible, s.percent, s.passed, "
    "s.completion_code, s.end_scene, s.seconds, s.completed_at)";

inline constexpr const char* kEndSittings =
    "UPDATE main.sittings SET ended_at = s.ended_at, outcome = s.outcome FROM temp.src_sittings s "
    "WHERE main.sittings.id = s.id AND main.sittings.ended_at IS NULL AND s.ended_at IS NOT NULL "
    "AND s.id NOT IN (SELECT id FROM temp.conflicts WHERE kind = 'sitting')";
inline constexpr const char* kFillPartnership =
    "UPDATE main.sittings SET partnership = s.partnership FROM temp.src_sittings s "
    "WHERE main.sittings.id = s.id AND main.sittings.partnership = '' AND s.partnership <> '' "
    "AND s.id NOT IN (SELECT id FROM temp.conflicts WHERE kind = 'sitting')";

// Rows of a conflicting sitting stay out: they belong to a sitting OUT does not have. A sitting's rows
// come together, so the EXISTS probes of one sitting walk the same index pages.
// EXISTS, not IN (SELECT ...): IN would copy every merged sitting into a temporary table per input.
inline constexpr const char* kInsertAnswers =
    "INSERT INTO main.answers (id, sitting_id, module_id, scene_id, question_type, chosen, correct, seconds, "
    "answered_at) SELECT id, sitting_id, module_id, scene_id, question_type, chosen, correct, seconds, answered_at "
    "FROM src.answers a WHERE EXISTS (SELECT 1 FROM main.sittings m WHERE m.id = a.sitting_id) AND sitting_id NOT IN "
    "(SELECT id FROM temp.conflicts WHERE kind = 'sitting') ON CONFLICT (id) DO NOTHING";
inline constexpr const char* kInsertCompletions =
    "INSERT INTO main.completions (id, sitting_id, module_id, points, points_possible, percent, passed, "
    "completion_code, end_scene, seconds, completed_at) SELECT id, sitting_id, module_id, points, points_possible, "
    "percent, passed, completion_code, end_scene, seconds, completed_at FROM src.completions c "
    "WHERE EXISTS (SELECT 1 FROM main.sittings m WHERE m.id = c.sitting_id) AND sitting_id NOT IN "
    "(SELECT id FROM temp.conflicts WHERE kind = 'sitting') ON CONFLICT (id) DO NOTHING";
// Answers and completions whose sitting is in neither file.
inline constexpr const char* kAnswerOrphans =
    "SELECT count(*) FROM src.answers a WHERE NOT EXISTS (SELECT 1 FROM main.sittings m WHERE m.id = a.sitting_id)";
inline constexpr const char* kCompletionOrphans =
    "SELECT count(*) FROM src.completions c WHERE NOT EXISTS (SELECT 1 FROM main.sittings m WHERE m.id = "
    "c.sitting_id)";

// Appending a fresh kiosk's rows as they are (see Merge: used only when no row can already be there),
// in the order the kiosk wrote them, which the reports' scans rely on (report/sitting_index.h).
inline constexpr const char* kAppendSittings =
    "INSERT INTO main.sittings (id, kiosk_id, site_id, agency, region, partnership, role, language, staff_hash, "
    "pack_id, pack_version, pack_hash, started_at, ended_at, outcome) SELECT id, kiosk_id, site_id, agency, region, "
    "partnership, role, language, staff_hash, pack_id, pack_version, pack_hash, started_at, ended_at, outcome "
    "FROM temp.src_sittings";
inline constexpr const char* kAppendAnswers =
    "INSERT INTO main.answers (id, sitting_id, module_id, scene_id, question_type, chosen, correct, seconds, "
    "answered_at) SELECT id, sitting_id, module_id, scene_id, question_type, chosen, correct, seconds, answered_at "
    "FROM src.answers";
inline constexpr const char* kAppendCompletions =
    "INSERT INTO main.completions (id, sitting_id, module_id, points, points_possible, percent, passed, "
    "completion_code, end_scene, seconds, completed_at) SELECT id, sitting_id, module_id, points, points_possible, "
    "percent, passed, completion_code, end_scene, seconds, completed_at FROM src.completions";

// The admin trail (records schema 5): its rows have no id that is the same on every copy, so a row is
// new when OUT holds fewer rows with the same kiosk, second, kind and detail than the input does (merging
// the same export twice adds nothing; a later export adds only what is new). OUT's CHECKs vet each row.
inline constexpr const char* kInsertAdminEvents =
    "INSERT INTO main.admin_events (kiosk_id, at, at_s, kind, detail) SELECT kiosk_id, at, at_s, kind, detail FROM "
    "(SELECT seq, kiosk_id, at, at_s, kind, detail, row_number() OVER (PARTITION BY kiosk_id, at_s, kind, detail "
    "ORDER BY seq) AS n FROM src.admin_events) s WHERE s.n > (SELECT count(*) FROM main.admin_events m WHERE "
    "m.kiosk_id = s.kiosk_id AND m.at_s = s.at_s AND m.kind = s.kind AND m.detail = s.detail) ORDER BY s.seq";

// What the checker learns about an input besides its soundness: the kiosks it holds, and whether each
// of its answers and completions has its sitting in the same file.
inline constexpr const char* kSourceKiosks = "SELECT DISTINCT kiosk_id FROM src.sittings";
inline constexpr const char* kSourceOrphans =
    "SELECT EXISTS (SELECT 1 FROM src.answers a WHERE NOT EXISTS (SELECT 1 FROM src.sittings s WHERE s.id = "
    "a.sitting_id)) OR EXISTS (SELECT 1 FROM src.completions c WHERE NOT EXISTS (SELECT 1 FROM src.sittings s "
    "WHERE s.id = c.sitting_id))";
inline constexpr const char* kOutKiosks = "SELECT DISTINCT kiosk_id FROM main.sittings";

// The staging copy's indexes on the three tables, dropped and built again from their own CREATE text
// (read from the copy's schema): the UNIQUE id indexes apart from the others, because the per-row
// merge needs them (it looks rows up by id) and the fast append does not.
inline constexpr const char* kTableIndexes =
    "SELECT name, sql, sql LIKE 'CREATE UNIQUE INDEX %' FROM main.sqlite_schema WHERE type = 'index' AND "
    "sql IS NOT NULL AND tbl_name IN ('sittings', 'answers', 'completions') ORDER BY rowid";

inline constexpr int kConflictExamples = 5;

}  // namespace report
