/* mrg-store.h: the project file, one SQLite database per project
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

#include "mrg-types.h"

G_BEGIN_DECLS

#define MRG_STORE_ERROR (mrg_store_error_quark ())

typedef enum
{
  MRG_STORE_ERROR_NOT_A_PROJECT,
  MRG_STORE_ERROR_NOT_FOUND,
  MRG_STORE_ERROR_READ_ONLY,
  MRG_STORE_ERROR_LOCKED,
  MRG_STORE_ERROR_TOO_NEW,
  MRG_STORE_ERROR_DISK_FULL,
  MRG_STORE_ERROR_INVALID,
  MRG_STORE_ERROR_FAILED,
} MrgStoreError;

typedef enum
{
  MRG_STORE_OPEN_DEFAULT = 0,
  MRG_STORE_OPEN_CREATE = 1 << 0,
  MRG_STORE_OPEN_READ_ONLY = 1 << 1,
} MrgStoreOpenFlags;

/* The newest schema this build writes; see the migrations in mrg-store.c. */
#define MRG_STORE_SCHEMA_VERSION 10

/* What a committed change touched. The `changed` signal carries an MrgStoreChange; it is
 * emitted on the thread that committed (MrgProject carries it to the main context). */
typedef enum
{
  MRG_STORE_CHANGE_DOCUMENTS = 1 << 0,
  MRG_STORE_CHANGE_PAGES     = 1 << 1,
  MRG_STORE_CHANGE_TABLES    = 1 << 2,
  MRG_STORE_CHANGE_ROWS      = 1 << 3,
  MRG_STORE_CHANGE_CELLS     = 1 << 4,
  MRG_STORE_CHANGE_COLUMNS   = 1 << 5,
  MRG_STORE_CHANGE_EDITS     = 1 << 6,   /* the undo history */
} MrgStoreChangeKind;

#define MRG_STORE_CHANGE_N_KINDS 7

typedef struct _MrgStoreChange MrgStoreChange;

#define MRG_TYPE_STORE_CHANGE (mrg_store_change_get_type ())
GType           mrg_store_change_get_type  (void) G_GNUC_CONST;
MrgStoreChange *mrg_store_change_copy      (const MrgStoreChange *change);
void            mrg_store_change_free      (MrgStoreChange       *change);
/* Every kind of thing the change touched, or'ed. */
MrgStoreChangeKind mrg_store_change_get_kinds (const MrgStoreChange *change);
/* Whether the change touched this id of this kind. An id of 0, or a change too large to list
 * its ids, answers TRUE for every id of a kind it touched. */
gboolean        mrg_store_change_has       (const MrgStoreChange *change,
                                            MrgStoreChangeKind    kind,
                                            gint64                id);
/* The ids of one kind the change lists (NULL when it touched them all or none). */
const gint64   *mrg_store_change_get_ids   (const MrgStoreChange *change,
                                            MrgStoreChangeKind    kind,
                                            guint                *n_ids);
/* Merges `other` into `change` (for carrying several changes to the main context as one). */
void            mrg_store_change_merge     (MrgStoreChange       *change,
                                            const MrgStoreChange *other);
MrgStoreChange *mrg_store_change_new       (void);
void            mrg_store_change_add       (MrgStoreChange       *change,
                                            MrgStoreChangeKind    kind,
                                            gint64                id);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrgStoreChange, mrg_store_change_free)

#define MRG_TYPE_STORE (mrg_store_get_type ())
G_DECLARE_FINAL_TYPE (MrgStore, mrg_store, MRG, STORE, GObject)

GQuark        mrg_store_error_quark        (void);

MrgStore     *mrg_store_open               (const char        *path,
                                            MrgStoreOpenFlags  flags,
                                            GError           **error);
/* Removes a project file and the journal files SQLite keeps beside it (-wal, -shm); no store may
 * have it open. */
void          mrg_store_remove_file        (const char        *path);
const char   *mrg_store_get_path           (MrgStore          *self);
const char   *mrg_store_get_display_name   (MrgStore          *self);
int           mrg_store_get_schema_version (MrgStore          *self);
gboolean      mrg_store_is_read_only       (MrgStore          *self);
/* How long a write waits for another program's transaction before failing as locked (5 s). */
void          mrg_store_set_busy_timeout   (MrgStore          *self,
                                            int                milliseconds);
const char   *mrg_store_get_user           (MrgStore          *self);
void          mrg_store_set_user           (MrgStore          *self,
                                            const char        *user);

/* SQLite's `PRAGMA data_version`: a number that differs from the last one read through this
 * connection when another connection (another program, a worker) has committed since; -1 and
 * an error when it cannot be read. */
gint64        mrg_store_get_data_version   (MrgStore          *self,
                                            GError           **error);

/* Transactions. begin() takes the write lock at once (BEGIN IMMEDIATE); they do not nest. */
gboolean      mrg_store_begin              (MrgStore          *self,
                                            GError           **error);
gboolean      mrg_store_commit             (MrgStore          *self,
                                            GError           **error);
void          mrg_store_rollback           (MrgStore          *self);
gboolean      mrg_store_in_transaction     (MrgStore          *self);

char         *mrg_store_get_meta           (MrgStore          *self,
                                            const char        *key);
gboolean      mrg_store_set_meta           (MrgStore          *self,
                                            const char        *key,
                                            const char        *value,
                                            GError           **error);

/* Documents and pages (used by import; ids are sqlite rowids) */
gint64        mrg_store_find_document      (MrgStore          *self,
                                            const char        *sha256,
                                            char             **out_path);
gint64        mrg_store_add_document       (MrgStore          *self,
                                            const char        *path,
                                            const char        *sha256,
                                            gint64             size,
                                            MrgDocumentKind    kind,
                                            int                page_count,
                                            GError           **error);
gboolean      mrg_store_set_document_path  (MrgStore          *self,
                                            gint64             document_id,
                                            const char        *path,
                                            GError           **error);
gint64        mrg_store_add_page           (MrgStore          *self,
                                            gint64             document_id,
                                            int                number,
                                            int                width,
                                            int                height,
                                            double             dpi,
                                            GError           **error);
gboolean      mrg_store_add_page_word      (MrgStore          *self,
                                            gint64             page_id,
                                            const MrgBox      *box,
                                            const char        *text,
                                            GError           **error);
gboolean      mrg_store_set_page_status    (MrgStore          *self,
                                            gint64             page_id,
                                            MrgPageStatus      status,
                                            GError           **error);
gboolean      mrg_store_set_page_skew      (MrgStore          *self,
                                            gint64             page_id,
                                            double             degrees,
                                            GError           **error);

/* A row that a person deleted keeps its database row, with idx = -1 - its old idx, so that undo
 * can bring it back; everything that reads rows skips idx < 0. */

/* Grid structure, written by OCR and import. Separators are page pixels in the frame of the
 * page rotated by -skew about its centre (the page's own pixels when skew is 0). */
typedef struct
{
  const int *cols;           /* between columns, ascending */
  guint n_cols;
  const int *rows;           /* between rows, ascending */
  guint n_rows;
} MrgStoreSeparators;

/* `seps` NULL: a table without separators. */
gint64        mrg_store_add_table          (MrgStore          *self,
                                            gint64             page_id,
                                            const MrgBox      *area,
                                            const MrgStoreSeparators *seps,
                                            GError           **error);
gboolean      mrg_store_delete_tables      (MrgStore          *self,
                                            gint64             page_id,
                                            GError           **error);
gint64        mrg_store_add_row            (MrgStore          *self,
                                            gint64             table_id,
                                            int                index,
                                            gboolean           header,
                                            GError           **error);
gint64        mrg_store_add_cell           (MrgStore          *self,
                                            gint64             row_id,
                                            int                col,
                                            const MrgBox      *box,
                                            const char        *ocr_text,
                                            double             confidence,
                                            GError           **error);
/* Records what OCR read; the current text follows unless a person has edited the cell. */
gboolean      mrg_store_set_cell_ocr       (MrgStore          *self,
                                            gint64             cell_id,
                                            const char        *ocr_text,
                                            double             confidence,
                                            GError           **error);
/* Define a column of the project's first layout (see mrg-store-layouts.h), which every table
 * without a layout of its own is read with; the layout is made when there is none. */
gboolean      mrg_store_ensure_column      (MrgStore          *self,
                                            int                position,
                                            const char        *name,
                                            MrgColumnType      type,
                                            GError           **error);
gboolean      mrg_store_set_column         (MrgStore          *self,
                                            int                position,
                                            const char        *name,
                                            MrgColumnType      type,
                                            GError           **error);

/* A person's changes: each one is committed at once together with its line in `edits`. Text
 * typed into a header cell also names its column when the column's name follows the header row
 * (mrg-store-layouts.h), in the same undo step. */
gboolean      mrg_store_edit_cell_text     (MrgStore          *self,
                                            gint64             cell_id,
                                            const char        *text,
                                            GError           **error);
gboolean      mrg_store_edit_cell_flags    (MrgStore          *self,
                                            gint64             cell_id,
                                            MrgCellFlags       flags,
                                            GError           **error);
gboolean      mrg_store_edit_row_status    (MrgStore          *self,
                                            gint64             row_id,
                                            MrgRowStatus       status,
                                            GError           **error);
/* Makes a row a header row or a body row, in one undo step with what it does to the names of the
 * columns that follow the header row: a new header row's cells with text name them; a header row
 * made a body row takes back the names its cells gave (the table's next header row names them,
 * else they are "Column N" again). */
gboolean      mrg_store_edit_row_header    (MrgStore          *self,
                                            gint64             row_id,
                                            gboolean           header,
                                            GError           **error);
/* One line of `edits`: field of the row target_id of table went from old_value to new_value,
 * a step of kind ("grid", "column", …). */
typedef struct
{
  const char *kind;
  const char *table;
  gint64      target_id;
  const char *field;
  const char *old_value;
  const char *new_value;
} MrgStoreEdit;

/* Records a change to one field of `cells`, `rows` or `tables` made by the caller inside the
 * current transaction, so that undo can restore `old_value`. */
gboolean      mrg_store_log_edit           (MrgStore           *self,
                                            const MrgStoreEdit *edit,
                                            GError            **error);
/* Writes one field of `cells`, `rows`, `tables`, `layouts` or `layout_columns` (those undo knows) inside the current
 * transaction and logs it; nothing happens when old and new are equal. */
gboolean      mrg_store_change_field       (MrgStore           *self,
                                            const MrgStoreEdit *edit,
                                            GError            **error);
/* Several log_edit calls between these two are undone and redone as one step. */
void          mrg_store_begin_group        (MrgStore          *self);
void          mrg_store_end_group          (MrgStore          *self);

/* Undo and redo the newest step; *out_done is FALSE when there was nothing to do. The id of the
 * first cell, row or table the step touched is returned in *out_table / *out_target_id. */
gboolean      mrg_store_undo               (MrgStore          *self,
                                            gboolean          *out_done,
                                            char             **out_table,
                                            gint64            *out_target_id,
                                            GError           **error);
gboolean      mrg_store_redo               (MrgStore          *self,
                                            gboolean          *out_done,
                                            char             **out_table,
                                            gint64            *out_target_id,
                                            GError           **error);

/* Whether undo and redo have a step to take (for the sensitivity of Undo and Redo). */
void          mrg_store_get_history        (MrgStore          *self,
                                            gboolean          *out_can_undo,
                                            gboolean          *out_can_redo);

typedef struct
{
  int documents;
  int pages;
  int tables;
  int rows;
  int body_rows;
  int verified_rows;
  int cells;
  int edited_cells;
  int edits;
  int pages_by_status[4];
} MrgStoreCounts;

gboolean      mrg_store_get_counts         (MrgStore          *self,
                                            MrgStoreCounts    *counts,
                                            GError           **error);
/* Whether a person has verified any body row (what an export of verified rows only would
 * hold); TRUE when that cannot be read, for the export to fail with its own error. */
gboolean      mrg_store_has_verified_rows  (MrgStore          *self);


G_END_DECLS
