#!/usr/bin/env bash
# The content review's must-fix answers stay fixed (issue 23), in English and Welsh, in the built pack:
# - a person locked in and unable to leave is a crime in progress: the locked-room advice names 999, not 101;
# - treating a possible child as a child is government guidance: no "by law" claim for it;
# - the passport case (a companion answers for her and holds her passport): no option anywhere rewards
#   finishing as normal; the best answer sees her alone when it is safe;
# - Welsh: one name for the Helpline, and "atgyfeirio" (to refer), never "cyfeirio" (to direct);
# - a learner the training upsets is pointed to staff support and Samaritans (a contact), not to the Helpline
#   as if it were a wellbeing service; every module has a content warning.
# And the should-fix corrections (issue 23):
# - sources: no misspelt Neighbourhood Watch address ("moern-slavery"), no Wikisource mirror copies, and every
#   module that teaches signs (indicators), the NRM or consent cites the Home Office statutory guidance (s49);
# - the GLAA is never named as a body today without its move into the Fair Work Agency (en and cy);
# - fire and rescue next to the Duty to Notify always comes with "check your service's pathway" (en and cy);
# - the 23,411 referrals of 2025 always come with "many were exploited abroad" (en and cy);
# - answer keys: the nail bar's "she is family" is a sign and "no training certificate" is not; the move "can
#   be" a sign; Crimestoppers is not a right answer for staff at work;
# - plain words: police officers follow their force's procedure wherever "do not confront" is taught to them;
#   "safeguarding lead" is explained at or before its first use; the station names British Transport Police.
# Then it proves it can fail: each old text planted in a copy of content/ must be caught.
# Usage: safety_answers.sh KIOSK_AUTHOR PROJECT_ROOT
set -u
author="$1"
root="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# check PACK: prints one line per broken rule; its output is empty when all hold.
check() {
  local pack="$1" q
  q() { sqlite3 -readonly "$pack" "$1"; }
  [ "$(q "SELECT count(*) FROM strings WHERE key = 'spot-the-signs/locked-room-signs/explanation' AND text LIKE '%999%' AND text NOT LIKE '%101%'")" = 2 ] ||
    echo "locked room: the advice (en and cy) must name 999 and not 101"
  q "SELECT key || ' (' || lang || ')' FROM strings WHERE key LIKE '%nail-bar-myth%' AND (text LIKE '%by law%' OR text LIKE '%yn ôl y gyfraith%')" |
    sed 's/^/age rule: claims a legal duty: /'
  q "SELECT key || ' (' || lang || ')' FROM strings WHERE text LIKE '%finish as normal%' OR text LIKE '%gorffen fel arfer%'" |
    sed 's/^/passport case: rewards finishing as normal: /'
  [ "$(q "SELECT count(*) FROM strings WHERE key = 'what-to-do-next/at-work/options/note-and-tell/text' AND (text LIKE '%on her own%' OR text LIKE '%ar ei phen ei hun%')")" = 2 ] ||
    echo "passport case: the best answer (en and cy) must see her on her own"
  q "SELECT key FROM strings WHERE lang = 'cy' AND text LIKE '%Llinell Gymorth Caethwasiaeth Fodern%' AND text NOT LIKE '%Llinell Gymorth Caethwasiaeth Fodern a Chamfanteisio%'" |
    sed 's/^/Welsh: another name for the Helpline: /'
  q "SELECT key || char(9) || text FROM strings WHERE lang = 'cy'" | grep -iP '\b(cyfeirio|gyfeirio|chyfeirio|nghyfeirio)\b' | cut -f1 |
    sed 's/^/Welsh: "cyfeirio" where "atgyfeirio" is meant: /'
  q "SELECT key FROM strings WHERE lang = 'en' AND text LIKE '%Helpline is there for you%'" |
    sed 's/^/support: the Helpline offered as staff support: /'
  [ "$(q "SELECT count(*) FROM strings WHERE key LIKE 'pack/contacts/%/name' AND lang = 'en' AND text = 'Samaritans'")" = 1 ] ||
    echo "support: no Samaritans contact in the pack"
  q "SELECT id FROM modules WHERE has_content_warning = 0" | sed 's/^/support: no content warning: /'

  # ---- should-fix (issue 23)
  q "SELECT module_id || ': ' || url FROM sources WHERE url LIKE '%moern-slavery%'
     UNION ALL SELECT 'contact: ' || url FROM contacts WHERE url LIKE '%moern-slavery%'
     UNION ALL SELECT 'fact: ' || url FROM facts WHERE url LIKE '%moern-slavery%'" |
    sed 's/^/sources: misspelt Neighbourhood Watch address: /'
  q "SELECT module_id || ': ' || url FROM sources WHERE url LIKE '%wikisource.org%'" |
    sed 's/^/sources: a Wikisource mirror copy: /'
  # A module teaches signs, the NRM or consent if any English text of it says so.
  q "SELECT m.id FROM modules m
     WHERE EXISTS (SELECT 1 FROM strings s WHERE s.lang = 'en' AND s.key LIKE m.id || '/%'
                   AND (s.text LIKE '%NRM%' OR s.text LIKE '%Referral Mechanism%' OR s.text LIKE '%sign%'
                        OR s.text LIKE '%agree%'))
       AND NOT EXISTS (SELECT 1 FROM sources WHERE module_id = m.id AND url LIKE 'https://www.gov.uk/%'
                       AND url LIKE '%statutory-guidance-for-england-and-wales-under-s49-of-the-modern-slavery-act-2015%')" |
    sed 's/^/sources: no s49 statutory guidance: /'
  # Texts are grouped by the first part of their key (a module id, or "pack").
  q "WITH t AS (SELECT substr(key, 1, instr(key, '/') - 1) AS part, lang, text FROM strings)
     SELECT DISTINCT part || ' (' || lang || ')' FROM t a
     WHERE ((lang = 'en' AND (text LIKE '%GLAA%' OR text LIKE '%Gangmasters%'))
            OR (lang = 'cy' AND (text LIKE '%GLAA%' OR text LIKE '%Meistri Gangiau%')))
       AND NOT EXISTS (SELECT 1 FROM t b WHERE b.part = a.part AND b.lang = a.lang
                       AND ((b.lang = 'en' AND b.text LIKE '%Fair Work Agency%')
                            OR (b.lang = 'cy' AND b.text LIKE '%Asiantaeth Gwaith Teg%')))" |
    sed 's/^/GLAA: named as a body today without the Fair Work Agency: /'
  q "SELECT key || ' (' || lang || ')' FROM strings
     WHERE (lang = 'en' AND text LIKE '%fire%' AND text LIKE '%Duty to Notify%' AND text NOT LIKE '%pathway%')
        OR (lang = 'cy' AND text LIKE '%tân%' AND text LIKE '%Ddyletswydd i Hysbysu%' AND text NOT LIKE '%lwybr%')" |
    sed 's/^/fire: the Duty to Notify without "check your service'"'"'s pathway": /'
  q "SELECT key || ' (' || lang || ')' FROM strings WHERE text LIKE '%23,411%'
       AND NOT ((lang = 'en' AND text LIKE '%abroad%') OR (lang = 'cy' AND text LIKE '%dramor%'))" |
    sed 's/^/23,411: without "many were exploited abroad": /'
  [ "$(q "SELECT correct FROM options WHERE module_id = 'spot-the-signs' AND scene_id = 'nail-bar-signs' AND id = 'family'")" = 1 ] ||
    echo "nail bar key: \"she is family\" (a cover story) must be a sign"
  [ "$(q "SELECT correct FROM options WHERE module_id = 'spot-the-signs' AND scene_id = 'nail-bar-signs' AND id = 'no-training'")" = 0 ] ||
    echo "nail bar key: \"no training certificate\" is not a sign on its own"
  [ "$(q "SELECT count(*) FROM strings WHERE key = 'spot-the-signs/house-signs/options/moved/feedback'
          AND ((lang = 'en' AND text LIKE '%can be%') OR (lang = 'cy' AND text LIKE '%gall fod%'))")" = 2 ] ||
    echo "move key: the feedback (en and cy) must say a move \"can be\" a sign"
  q "SELECT o.module_id || '/' || o.scene_id || '/' || o.id FROM options o
     JOIN strings t ON t.key = o.module_id || '/' || o.scene_id || '/options/' || o.id || '/text' AND t.lang = 'en'
     JOIN strings p ON p.key = o.module_id || '/' || o.scene_id || '/prompt' AND p.lang = 'en'
     WHERE o.correct = 1 AND t.text LIKE '%Crimestoppers%' AND (p.text LIKE '%at work%' OR p.text LIKE '%your job%')" |
    sed 's/^/Crimestoppers key: right for staff at work: /'
  [ "$(q "SELECT correct FROM options WHERE module_id = 'what-to-do-next' AND scene_id = 'report-routes' AND id = 'crimestoppers'")" = 0 ] ||
    echo "Crimestoppers key: what-to-do-next/report-routes must not mark Crimestoppers right for staff at work"
  q "SELECT m.id FROM modules m WHERE m.audience LIKE '%police%'
       AND EXISTS (SELECT 1 FROM strings s WHERE s.lang = 'en' AND s.key LIKE m.id || '/%'
                   AND (s.text LIKE '%Do not confront%' OR s.text LIKE '%Do not challenge%'))
       AND NOT EXISTS (SELECT 1 FROM strings s WHERE s.lang = 'en' AND s.key LIKE m.id || '/%'
                       AND s.text LIKE '%force''s procedure%')" |
    sed 's/^/police: "do not confront" with no word on force procedure: /'
  [ "$(q "SELECT count(DISTINCT lang) FROM strings WHERE key LIKE 'working-together/%'
          AND ((lang = 'en' AND text LIKE '%police officer, follow your force''s procedure%')
               OR (lang = 'cy' AND text LIKE '%weithdrefn eich heddlu%'))")" = 2 ] ||
    echo "police: working-together (en and cy) must say officers follow their force's procedure"
  # "safeguarding lead" is explained ("...deals with worries that someone is being harmed") in the scene that
  # first uses it, or before.
  q "WITH t AS (SELECT m.id AS module, s.text, substr(s.key, length(m.id) + 2) AS rest FROM strings s
                JOIN modules m ON s.key LIKE m.id || '/%' WHERE s.lang = 'en'),
          u AS (SELECT t.module, t.text, c.ord FROM t JOIN scenes c
                ON c.module_id = t.module AND c.id = substr(t.rest, 1, instr(t.rest || '/', '/') - 1))
     SELECT module FROM u WHERE text LIKE '%safeguarding lead%' GROUP BY module
     HAVING min(ord) < coalesce((SELECT min(ord) FROM u d WHERE d.module = u.module AND d.text LIKE '%safeguarding lead%'
                                 AND d.text LIKE '%worries that someone is being harmed%'), 1000000)" |
    sed 's/^/plain words: "safeguarding lead" used before it is explained: /'
  [ "$(q "SELECT count(DISTINCT lang) FROM strings WHERE key LIKE 'spot-the-signs/station%'
          AND ((lang = 'en' AND text LIKE '%British Transport Police%') OR (lang = 'cy' AND text LIKE '%Heddlu Trafnidiaeth Prydain%'))")" = 2 ] ||
    echo "station: British Transport Police (en and cy) is not named"
}

"$author" build "$root/content" -o "$work/real.pack" >"$work/log" 2>&1 || { echo "FAIL: kiosk-author build"; cat "$work/log"; exit 1; }
problems=$(check "$work/real.pack")
if [ -n "$problems" ]; then
  echo "FAIL: the content breaks the review's must-fix rules:"; echo "$problems"; exit 1
fi
echo "ok: 999 for the locked room, guidance not law for age, no 'finish as normal', one Welsh Helpline name, atgyfeirio,"
echo "    staff support and Samaritans for upset learners, a content warning on every module;"
echo "    s49 guidance cited, no misspelt or mirror sources, GLAA with the Fair Work Agency, fire pathway, 23,411 abroad,"
echo "    nail bar / move / Crimestoppers keys, force procedure, safeguarding lead explained, British Transport Police"

# The check can fail: the old texts, planted back into a copy.
cp -r "$root/content" "$work/planted"
p="$work/planted"
sed -i 's/As soon as you are safe, call 999\./Otherwise, report it to the police on 101./' "$p/modules/spot-the-signs/module.toml"
sed -i 's/Government guidance says so\./Public bodies have to do this by law./' "$p/modules/spot-the-signs/module.toml"
sed -i 's/  text = "Stay calm. If it is safe, use a routine way to see her on her own, such as a private room for part of the visit. Then write down what you saw and tell your safeguarding lead today."/  text = "Stay calm and finish as normal. Then tell your safeguarding lead."/' "$p/modules/what-to-do-next/module.toml"
sed -i 's/Caethwasiaeth Fodern a Chamfanteisio (Unseen)/Caethwasiaeth Fodern ac Ecsbloetio (Unseen)/; s/eu hatgyfeirio fel/eu cyfeirio fel/' "$p/locales/cy/pack.po"
sed -i 's/talk to someone you trust, your employer.s staff support or Samaritans\."""/the Helpline is there for you too."""/' "$p/modules/working-together/module.toml"
sed -i 's/^name = "Samaritans"$/name = "Samaritans (planted away)"/' "$p/pack.toml"
python3 - "$p/modules/working-together/module.toml" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
open(sys.argv[1], "w").write(re.sub(r'content_warning = """(.|\n)*?"""\n', "", text, count=1))
PY
# should-fix (issue 23)
sed -i 's#ourwatch.org.uk/modern-slavery/#ourwatch.org.uk/moern-slavery/#' "$p/modules/what-to-do-next/module.toml"
sed -i 's#^url = "https://www.legislation.gov.uk/ukpga/2015/30/notes/contents"$#url = "https://en.wikisource.org/wiki/Page:Modern_Slavery_Act_2015_Explanatory_Notes.pdf/36"#' \
  "$p/modules/working-together/module.toml"
sed -i 's/Fair Work Agency/Fair Work Body/g' "$p/modules/working-together/module.toml"
sed -i 's/check your service.s pathway/ask your manager/' "$p/modules/what-to-do-next/module.toml"
sed -i 's/ Many were exploited abroad\.//' "$p/pack.toml"
sed -i 's/^  feedback = "Yes, it can be\. Being moved from city to city can be a sign/  feedback = "Yes. Being moved from city to city is a sign/' "$p/modules/spot-the-signs/module.toml"
sed -i '/^At a station, that can be British Transport Police, the police for the railways\. \\$/d' "$p/modules/spot-the-signs/module.toml"
sed -i '/^If you are a police officer, follow your force.s procedure\. \\$/d' "$p/modules/working-together/module.toml"
sed -i '/^That is the person at work who deals with worries that someone is being harmed\. \\$/d' \
  "$p/modules/professional-curiosity/module.toml"
python3 - "$p" <<'PY'
import re, sys
root = sys.argv[1]
def edit(path, fn):
    text = open(path).read()
    new = fn(text)
    assert new != text, path
    open(path, "w").write(new)
# The statutory guidance taken out of professional-curiosity's sources.
edit(root + "/modules/professional-curiosity/module.toml", lambda t: re.sub(
    r'\[\[sources\]\]\ntitle = "Modern slavery: statutory guidance[^\n]*\nurl = "[^"]*"\nchecked = [0-9-]+\n', "", t, count=1))
# The nail bar's old key: "no training certificate" a sign, "she is family" not.
def nail(t):
    t = t.replace('  id = "no-training"\n  text = "She has no training certificate"\n',
                  '  id = "no-training"\n  text = "She has no training certificate"\n  correct = true\n', 1)
    return t.replace('  id = "family"\n  text = "The owner says she is family"\n  correct = true\n',
                     '  id = "family"\n  text = "The owner says she is family"\n', 1)
edit(root + "/modules/spot-the-signs/module.toml", nail)
# Crimestoppers right for staff at work again.
edit(root + "/modules/what-to-do-next/module.toml", lambda t: t.replace(
    '  id = "crimestoppers"\n  text = "Call Crimestoppers instead, so you do not have to give your name"\n',
    '  id = "crimestoppers"\n  text = "Call Crimestoppers instead, so you do not have to give your name"\n  correct = true\n', 1))
PY
"$author" build "$p" -o "$work/planted.pack" >"$work/log" 2>&1 || { echo "FAIL: kiosk-author build (planted)"; cat "$work/log"; exit 1; }
planted=$(check "$work/planted.pack")
echo "$planted"
fail=0
for rule in "locked room" "age rule" "passport case: rewards" "passport case: the best" "Welsh: another name" 'Welsh: "cyfeirio"' \
  "support: the Helpline offered" "support: no Samaritans" "support: no content warning" \
  "sources: misspelt Neighbourhood Watch" "sources: a Wikisource mirror" "sources: no s49 statutory guidance: professional-curiosity" \
  "GLAA: named as a body today without the Fair Work Agency: working-together (en)" "fire: the Duty to Notify without" \
  "23,411: without" 'nail bar key: "she is family"' 'nail bar key: "no training certificate"' "move key:" \
  "Crimestoppers key: right for staff at work" "Crimestoppers key: what-to-do-next/report-routes" \
  "police: working-together" 'police: "do not confront" with no word on force procedure: working-together' \
  'plain words: "safeguarding lead" used before it is explained: professional-curiosity' "station: British Transport Police"; do
  if grep -qF -- "$rule" <<<"$planted"; then echo "ok: a planted old text is caught: $rule"; else echo "FAIL: not caught: $rule"; fail=1; fi
done
exit $fail
