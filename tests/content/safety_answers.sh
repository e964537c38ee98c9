#!/usr/bin/env bash
# The content review's must-fix answers stay fixed (issue 23), in English and Welsh, in the built pack:
# - a person locked in and unable to leave is a crime in progress: the locked-room advice names 999, not 101;
# - treating a possible child as a child is government guidance: no "by law" claim for it;
# - the passport case (a companion answers for her and holds her passport): no option anywhere rewards
#   finishing as normal; the best answer sees her alone when it is safe;
# - Welsh: one name for the Helpline, and "atgyfeirio" (to refer), never "cyfeirio" (to direct);
# - a learner the training upsets is pointed to staff support and Samaritans (a contact), not to the Helpline
#   as if it were a wellbeing service; every module has a content warning.
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
}

"$author" build "$root/content" -o "$work/real.pack" >"$work/log" 2>&1 || { echo "FAIL: kiosk-author build"; cat "$work/log"; exit 1; }
problems=$(check "$work/real.pack")
if [ -n "$problems" ]; then
  echo "FAIL: the content breaks the review's must-fix rules:"; echo "$problems"; exit 1
fi
echo "ok: 999 for the locked room, guidance not law for age, no 'finish as normal', one Welsh Helpline name, atgyfeirio,"
echo "    staff support and Samaritans for upset learners, a content warning on every module"

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
"$author" build "$p" -o "$work/planted.pack" >"$work/log" 2>&1 || { echo "FAIL: kiosk-author build (planted)"; cat "$work/log"; exit 1; }
planted=$(check "$work/planted.pack")
echo "$planted"
fail=0
for rule in "locked room" "age rule" "passport case: rewards" "passport case: the best" "Welsh: another name" 'Welsh: "cyfeirio"' \
  "support: the Helpline offered" "support: no Samaritans" "support: no content warning"; do
  if grep -qF -- "$rule" <<<"$planted"; then echo "ok: a planted old text is caught: $rule"; else echo "FAIL: not caught: $rule"; fail=1; fi
done
exit $fail
