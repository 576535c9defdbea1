"""The `liens` command. Help texts are translated when the command modules are imported,
so the language is chosen here, from `--lang` or the locale, before they are."""

import sys

from liens import i18n

i18n.activate(i18n.language_from_args(sys.argv[1:]))
