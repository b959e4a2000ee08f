/* mrg-shortcut-keys.c: shortcuts that work whatever keyboard layout is active
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-shortcut-keys"

#include "config.h"

#include "mrg-shortcut-keys.h"

/* Where the letters of the Cyrillic layouts an archivist of the region uses sit on a Latin
 * (QWERTY) keyboard. Kazakh keeps the Russian letters and puts its own on the digit row. */
static const struct
{
  guint cyrillic;
  guint latin;
} cyrillic_keys[] = {
  { GDK_KEY_Cyrillic_shorti, GDK_KEY_q },   { GDK_KEY_Cyrillic_tse, GDK_KEY_w },
  { GDK_KEY_Cyrillic_u, GDK_KEY_e },        { GDK_KEY_Cyrillic_ka, GDK_KEY_r },
  { GDK_KEY_Cyrillic_ie, GDK_KEY_t },       { GDK_KEY_Cyrillic_en, GDK_KEY_y },
  { GDK_KEY_Cyrillic_ghe, GDK_KEY_u },      { GDK_KEY_Cyrillic_sha, GDK_KEY_i },
  { GDK_KEY_Cyrillic_shcha, GDK_KEY_o },    { GDK_KEY_Cyrillic_ze, GDK_KEY_p },
  { GDK_KEY_Cyrillic_ha, GDK_KEY_bracketleft },
  { GDK_KEY_Cyrillic_hardsign, GDK_KEY_bracketright },
  { GDK_KEY_Cyrillic_ef, GDK_KEY_a },       { GDK_KEY_Cyrillic_yeru, GDK_KEY_s },
  { GDK_KEY_Cyrillic_ve, GDK_KEY_d },       { GDK_KEY_Cyrillic_a, GDK_KEY_f },
  { GDK_KEY_Cyrillic_pe, GDK_KEY_g },       { GDK_KEY_Cyrillic_er, GDK_KEY_h },
  { GDK_KEY_Cyrillic_o, GDK_KEY_j },        { GDK_KEY_Cyrillic_el, GDK_KEY_k },
  { GDK_KEY_Cyrillic_de, GDK_KEY_l },       { GDK_KEY_Cyrillic_zhe, GDK_KEY_semicolon },
  { GDK_KEY_Cyrillic_e, GDK_KEY_apostrophe },
  { GDK_KEY_Cyrillic_ya, GDK_KEY_z },       { GDK_KEY_Cyrillic_che, GDK_KEY_x },
  { GDK_KEY_Cyrillic_es, GDK_KEY_c },       { GDK_KEY_Cyrillic_em, GDK_KEY_v },
  { GDK_KEY_Cyrillic_i, GDK_KEY_b },        { GDK_KEY_Cyrillic_te, GDK_KEY_n },
  { GDK_KEY_Cyrillic_softsign, GDK_KEY_m }, { GDK_KEY_Cyrillic_be, GDK_KEY_comma },
  { GDK_KEY_Cyrillic_yu, GDK_KEY_period },  { GDK_KEY_Cyrillic_io, GDK_KEY_grave },
  /* Ukrainian and Belarusian */
  { GDK_KEY_Ukrainian_i, GDK_KEY_s },       { GDK_KEY_Ukrainian_yi, GDK_KEY_bracketright },
  { GDK_KEY_Ukrainian_ie, GDK_KEY_apostrophe },
  { GDK_KEY_Ukrainian_ghe_with_upturn, GDK_KEY_grave },
  { GDK_KEY_Byelorussian_shortu, GDK_KEY_o },
  /* Kazakh */
  { GDK_KEY_Cyrillic_schwa, GDK_KEY_2 },    { GDK_KEY_Cyrillic_en_descender, GDK_KEY_4 },
  { GDK_KEY_Cyrillic_ghe_bar, GDK_KEY_5 },  { GDK_KEY_Cyrillic_u_straight, GDK_KEY_8 },
  { GDK_KEY_Cyrillic_u_straight_bar, GDK_KEY_9 },
  { GDK_KEY_Cyrillic_ka_descender, GDK_KEY_0 },
  { GDK_KEY_Cyrillic_o_bar, GDK_KEY_minus }, { GDK_KEY_Cyrillic_shha, GDK_KEY_equal },
};

guint
mrg_shortcut_latin_keyval (guint keyval)
{
  guint lower = gdk_keyval_to_lower (keyval);

  for (guint i = 0; i < G_N_ELEMENTS (cyrillic_keys); i++)
    if (cyrillic_keys[i].cyrillic == lower)
      return lower != keyval ? gdk_keyval_to_upper (cyrillic_keys[i].latin)
                             : cyrillic_keys[i].latin;
  return keyval;
}

/* A letter of a script other than Latin: a key a shortcut cannot be written with. */
static gboolean
is_foreign_letter (guint keyval)
{
  gunichar ch = gdk_keyval_to_unicode (keyval);

  return ch > 0x24f && g_unichar_isalpha (ch);
}

guint
mrg_shortcut_keyval (GdkDisplay      *display,
                     guint            keyval,
                     guint            keycode,
                     GdkModifierType  state)
{
  g_autofree GdkKeymapKey *keys = NULL;
  g_autofree guint *keyvals = NULL;
  int n = 0;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), keyval);

  if (!is_foreign_letter (keyval))
    return keyval;
  /* A layout with a Latin group (us,ru): the key's keyval in the first such group. */
  if (gdk_display_map_keycode (display, keycode, &keys, &keyvals, &n))
    for (int i = 0; i < n; i++)
      if (keys[i].level == 0 && keyvals[i] < 0x100 && g_ascii_isgraph ((char) keyvals[i]))
        return (state & GDK_SHIFT_MASK) != 0 ? gdk_keyval_to_upper (keyvals[i]) : keyvals[i];
  return mrg_shortcut_latin_keyval (keyval);
}

static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 guint               keyval,
                 GdkModifierType     mods)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    {
      GtkAlternativeTrigger *alternative = GTK_ALTERNATIVE_TRIGGER (trigger);

      return trigger_matches (gtk_alternative_trigger_get_first (alternative), keyval, mods) ||
             trigger_matches (gtk_alternative_trigger_get_second (alternative), keyval, mods);
    }
  if (!GTK_IS_KEYVAL_TRIGGER (trigger))
    return FALSE;
  return gdk_keyval_to_lower (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger))) ==
           gdk_keyval_to_lower (keyval) &&
         gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods;
}

/* Runs the first shortcut of the widget's shortcut controllers that (keyval, mods) triggers.
 * gtk_widget_observe_controllers() costs bookkeeping while its list lives: it is asked only for
 * a key with Ctrl or Alt on a letter of another script, and dropped at once. */
static gboolean
activate_widget_shortcut (GtkWidget       *widget,
                          guint            keyval,
                          GdkModifierType  mods)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (trigger_matches (gtk_shortcut_get_trigger (shortcut), keyval, mods) &&
              gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                            GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                            gtk_shortcut_get_arguments (shortcut)))
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
latin_key_pressed_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      gpointer               user_data)
{
  GtkWidget *toplevel = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  guint latin;

  if ((mods & (GDK_CONTROL_MASK | GDK_ALT_MASK)) == 0)
    return FALSE;
  latin = mrg_shortcut_keyval (gtk_widget_get_display (toplevel), keyval, keycode, state);
  if (latin == keyval)
    return FALSE;
  for (GtkWidget *w = gtk_root_get_focus (GTK_ROOT (toplevel)); w != NULL && w != toplevel;
       w = gtk_widget_get_parent (w))
    if (activate_widget_shortcut (w, latin, mods))
      return TRUE;
  return activate_widget_shortcut (toplevel, latin, mods);
}

void
mrg_shortcut_keys_attach (GtkWidget *toplevel)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_return_if_fail (GTK_IS_ROOT (toplevel));

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_BUBBLE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (latin_key_pressed_cb), NULL);
  gtk_widget_add_controller (toplevel, keys);
}
