/* mrg-test-display.h: what the display tests share: turning the main loop, xdotool, screenshots
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Starts GTK for a display test: in-memory settings, the cairo renderer (Xvfb has no GL: it
 * draws what a person would see), gtk_test_init; and makes the test's own temporary folder
 * "muragat-NAME-XXXXXX" (*out_tmpdir, until mrg_test_display_run returns). FALSE when there is
 * no X display, having said so on stderr: the test then exits 77 (skipped). */
gboolean  mrg_test_display_init      (int          *argc,
                                      char       ***argv,
                                      const char   *name,
                                      const char  **out_tmpdir);
/* Runs the tests; removes the temporary folder and everything in it when they all pass. */
int       mrg_test_display_run       (void);
/* A new MrgWindow shown with the project at path, once it shows its page; and its end. */
GtkWidget *mrg_test_open_window      (const char  *path);
void      mrg_test_close_window      (GtkWidget   *window);
/* Loads the app's style sheet, as AdwApplication does for the app (a test has no application). */
void      mrg_test_load_app_style    (void);
/* How long mrg_test_wait_for waits before it calls it a hang (120 s unless set). */
void      mrg_test_set_hang_seconds  (guint        seconds);
/* Runs the main loop until cond (data) holds; FALSE after the hang limit: a hang, not slowness. */
gboolean  mrg_test_wait_for          (gboolean   (*cond) (gpointer),
                                      gpointer     data);
/* Conditions for mrg_test_wait_for: a gboolean at data is TRUE; the widget at data is mapped. */
gboolean  mrg_test_flag_set          (gpointer     data);
gboolean  mrg_test_mapped            (gpointer     data);
/* Conditions for mrg_test_wait_for: an MrgWindow is mapped and shows its page; an
 * MrgSearchPanel has finished searching and found something. */
gboolean  mrg_test_window_ready      (gpointer     data);
/* Condition for mrg_test_wait_for: the MrgWindow at data runs no import or OCR job. */
gboolean  mrg_test_window_idle       (gpointer     data);
gboolean  mrg_test_search_found      (gpointer     data);
/* Lets every event the X server has sent so far be handled: a round trip to the server, then
 * the main loop until it is idle (three times, for what the handlers queue in turn). */
void      mrg_test_settle            (void);
/* Runs xdotool with the arguments (NULL-terminated) while the main loop turns, so that the
 * windows handle the events as they come; asserts that it succeeded, then settles. */
void      mrg_test_xdotool           (const char  *first,
                                      ...) G_GNUC_NULL_TERMINATED;
/* The pointer, moved and pressed by xdotool as a person's hand would, at the point (x, y) of a
 * widget of a toplevel, in the widget's own coordinates. mrg_test_click presses `button` ("1",
 * "3") with the `modifier` key ("ctrl") held unless NULL; mrg_test_drag holds the first button
 * from (x, y) to (x2, y2). */
void      mrg_test_pointer_to        (GtkWidget   *widget,
                                      double       x,
                                      double       y);
void      mrg_test_click             (GtkWidget   *widget,
                                      double       x,
                                      double       y,
                                      const char  *button,
                                      const char  *modifier);
void      mrg_test_drag              (GtkWidget   *widget,
                                      double       x,
                                      double       y,
                                      double       x2,
                                      double       y2);
/* Clicks the page view of an MrgWindow where the page point (px, py) is shown. */
void      mrg_test_click_page        (GtkWidget   *window,
                                      double       px,
                                      double       py);
/* Right-clicks the point (x, y) of the widget and returns the context menu that opened (a
 * GtkPopoverMenu child of the widget), asserting that it shows. */
GtkWidget *mrg_test_open_context_menu (GtkWidget  *widget,
                                       double      x,
                                       double      y);
/* Rests the pointer on the point (x, y) of the widget and returns the text of the tooltip that
 * shows there, or NULL if none shows within 1.5 s. */
char      *mrg_test_tooltip_at        (GtkWidget  *widget,
                                       double      x,
                                       double      y);
/* Whether a label under the widget (or the widget itself) shows text, whole: mapped, and not
 * cut short by an ellipsis. */
gboolean   mrg_test_shows_text        (GtkWidget  *widget,
                                       const char *text);
/* Waits until a label under the widget shows text, whole (`shown`), or none does (not `shown`);
 * FALSE after the hang limit. */
gboolean   mrg_test_wait_for_text     (GtkWidget  *widget,
                                       const char *text,
                                       gboolean    shown);
/* Waits until the window shows a toast that reads text, whole (one shows at a time, the others
 * wait their turn); FALSE after the hang limit. */
gboolean   mrg_test_wait_for_toast    (GtkWidget  *window,
                                       const char *text);
/* Whether a toast reading text is shown now. */
gboolean   mrg_test_toast_shown       (GtkWidget  *window,
                                       const char *text);
/* xdotool types a letter missing from the keymap by remapping a spare key for a moment, which
 * races with GDK reading the keymap: this puts each letter of text outside ASCII (with its
 * capital, as a layout has it) on a key of its own first, as a Cyrillic layout would. */
void      mrg_test_prepare_keymap    (const char  *text);
/* Gives the toplevel the X input focus, as a click on it would. */
void      mrg_test_focus_window      (GtkWindow   *window);
/* Queues a redraw of the widget and waits for n frames of its frame clock. */
void      mrg_test_wait_frames       (GtkWidget   *widget,
                                      int          n);
/* Saves what the widget shows now as name in MURAGAT_SCREENSHOT_DIR (or "."); FALSE when it has
 * nothing to paint yet. */
gboolean  mrg_test_write_screenshot  (GtkWidget   *widget,
                                      const char  *name);
/* Saves what the widget shows as name once it is mapped and has drawn a frame (a window just
 * presented has nothing to paint until its first one), trying for up to ten frames. */
void      mrg_test_save_screenshot   (GtkWidget   *widget,
                                      const char  *name);

G_END_DECLS
