/* mrg-cli.h: what the commands of muragat-cli share
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "mrg-project.h"
#include "mrg-store.h"

G_BEGIN_DECLS

typedef struct
{
  const char *project_path;
  gboolean quiet;
} MrgCliGlobal;

/* A command gets argv with argv[0] set to "muragat-cli COMMAND"; it returns the exit status. */
typedef int (*MrgCliCommandFunc) (MrgCliGlobal *global,
                                  int           argc,
                                  char        **argv);

/* Opens --project, printing the error when it cannot; NULL then. */
MrgProject *mrg_cli_open       (MrgCliGlobal       *global,
                                MrgStoreOpenFlags   flags);
/* The same for a command that only reads or writes the store on this thread: the project's
 * store. */
MrgStore *mrg_cli_open_project (MrgCliGlobal       *global,
                                MrgStoreOpenFlags   flags);
/* Prints "muragat-cli: MESSAGE" on stderr and returns the exit status for a failure. */
int       mrg_cli_fail         (const GError       *error);
int       mrg_cli_fail_message (const char         *format,
                                ...) G_GNUC_PRINTF (1, 2);
/* What a command's --help says: the arguments after its options (NULL when it takes none), what
 * it does and, when not NULL, more after the options. `missing` is the failure when a command
 * that takes arguments is given none. */
typedef struct
{
  const char *arguments;
  const char *summary;
  const char *description;
  const char *missing;
} MrgCliHelp;

/* A command that only reads the project, given its store. */
typedef gboolean (*MrgCliReadFunc) (MrgStore  *store,
                                    GError   **error);

/* Adds `entries` (unless NULL) and parses a command's options; on --help prints and exits 0. 0
 * when it may go on (argv[1]… are then its arguments), else the exit status after printing the
 * problem: a bad option, an argument to a command that takes none, none to one that does. */
int       mrg_cli_parse_command (const MrgCliHelp   *help,
                                 const GOptionEntry *entries,
                                 int                *argc,
                                 char             ***argv);
/* Runs a command that takes no option nor argument and only reads the project: parses them (its
 * --help shows `summary`), opens the project's store read-only and calls `reader`; the exit
 * status. */
int       mrg_cli_read          (MrgCliGlobal       *global,
                                 const char         *summary,
                                 int                 argc,
                                 char              **argv,
                                 MrgCliReadFunc      reader);
/* A GAsyncReadyCallback that keeps the result in the GAsyncResult * that `result` points to. */
void      mrg_cli_keep_result  (GObject            *source,
                                GAsyncResult       *result,
                                gpointer            result_slot);
/* Runs this thread's main context until *result is set by mrg_cli_keep_result, the way the
 * project's jobs are run to their end here. With `show_progress`, the project's progress is a
 * line on a terminal (rewritten in place; nothing when stderr is not a terminal or --quiet). */
void      mrg_cli_wait         (MrgCliGlobal       *global,
                                MrgProject         *project,
                                gboolean            show_progress,
                                GAsyncResult      **result);

int mrg_cli_import  (MrgCliGlobal *global, int argc, char **argv);
int mrg_cli_relink  (MrgCliGlobal *global, int argc, char **argv);
int mrg_cli_status  (MrgCliGlobal *global, int argc, char **argv);
int mrg_cli_export  (MrgCliGlobal *global, int argc, char **argv);
int mrg_cli_ocr     (MrgCliGlobal *global, int argc, char **argv);
int mrg_cli_learn   (MrgCliGlobal *global, int argc, char **argv);
int mrg_cli_search  (MrgCliGlobal *global, int argc, char **argv);
int mrg_cli_match   (MrgCliGlobal *global, int argc, char **argv);
int mrg_cli_layouts (MrgCliGlobal *global, int argc, char **argv);
int mrg_cli_layout  (MrgCliGlobal *global, int argc, char **argv);
int mrg_cli_documents (MrgCliGlobal *global, int argc, char **argv);
int mrg_cli_move    (MrgCliGlobal *global, int argc, char **argv);
int mrg_cli_remove  (MrgCliGlobal *global, int argc, char **argv);

G_END_DECLS
