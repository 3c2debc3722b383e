#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `traction catalog`: the built-in catalog through the command line.
. "$(dirname "$0")/lib.sh"

run $T catalog check Chat.OpenAI.com. api.openai.com openai.com deepl.com example.com --json
check "check --json names service, role and whether it is use" eval 'status_is 0 && json "[(h[\"service\"], h.get(\"role\"), h.get(\"use\")) for h in j] == [(\"ChatGPT\", \"ui\", True), (\"OpenAI API\", \"api\", True), (\"ChatGPT\", \"marketing\", False), (\"DeepL\", \"ui\", True), (None, None, None)]"'
run $T catalog check openai.com
check "check says when a host is not counted as use" eval 'status_is 0 && out_is "openai.com: ChatGPT (OpenAI, chat), role marketing: not counted as use"'
printf 'full\tbot.intranet.example\tHR Bot\tInternal\tchat\tui\n' >mine.tsv
run $T catalog check bot.intranet.example --catalog mine.tsv --json
check "--catalog adds the user's own rules" eval 'json "j[0][\"service\"] == \"HR Bot\""'
printf 'full\tbot.intranet.example\tHR Bot\tInternal\tgossip\tui\n' >bad.tsv
run $T catalog list --catalog bad.tsv
check "a bad catalog file is refused with line and column" eval 'status_is 1 && err_has "traction: cannot load catalog '"'"'bad.tsv'"'"': line 1, column 5: unknown category '"'"'gossip'"'"'"'
run $T catalog list --json
check "list --json has every rule" eval 'json "len(j) > 250 and all(set(r) == {\"rule\",\"match\",\"service\",\"vendor\",\"category\",\"role\",\"use\"} for r in j)"'
finish
