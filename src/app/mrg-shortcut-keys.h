/* mrg-shortcut-keys.h: shortcuts that work whatever keyboard layout is active
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The Latin letter or sign on the key that gives `keyval` in a Cyrillic layout (ЙЦУКЕН: Russian,
 * Ukrainian, Belarusian; Kazakh's letters on the digit row), in the same case; any other keyval
 * as it is. A plain function, for keys whose keymap has no Latin group. */
guint  mrg_shortcut_latin_keyval (guint            keyval);

/* The keyval a shortcut is matched on. GTK 4.8 matches shortcuts on the keyval of the active
 * layout, so with a Cyrillic layout Ctrl+I arrives as Ctrl+Ш: for a letter of another script
 * this is the Latin keyval of the same key (the keymap's first Latin group, else
 * mrg_shortcut_latin_keyval); any other key's keyval is returned as it is. */
guint  mrg_shortcut_keyval       (GdkDisplay      *display,
                                  guint            keyval,
                                  guint            keycode,
                                  GdkModifierType  state);

/* Gives a toplevel a key controller that, when a key with Ctrl or Alt gives a letter of another
 * script, activates the shortcut that the Latin key in its place would: of the focus widget and
 * its ancestors (their class bindings, a window's application accelerators). It runs after
 * them (bubble phase), so a shortcut GTK matched itself is not run twice. */
void   mrg_shortcut_keys_attach  (GtkWidget       *toplevel);

G_END_DECLS
