/* mrg-cli-layouts.c: muragat-cli layouts and muragat-cli layout
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "muragat-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "mrg-cli.h"
#include "mrg-ocr.h"
#include "mrg-store-layouts.h"
#include "mrg-store-pages.h"
#include "mrg-store-tables.h"

static gboolean
print_layouts (MrgStore  *store,
               GError   **error)
{
  g_autoptr(GPtrArray) layouts = mrg_store_list_layouts (store, error);

  if (layouts == NULL)
    return FALSE;
  if (layouts->len == 0)
    g_print (_("No layouts yet: OCR makes one for a document’s first page, or gives it that of an "
               "earlier document of the same list.\n"));
  for (guint l = 0; l < layouts->len; l++)
    {
      const MrgLayout *layout = g_ptr_array_index (layouts, l);

      if (layout->n_tables == 0)
        /* Translators: a layout no table is read with: its number and its name */
        g_print (_("Layout %u: %s — no tables\n"), (guint) layout->id, layout->name);
      else
        /* Translators: a layout: its number, its name, how many tables and which pages */
        g_print (ngettext ("Layout %u: %s — %u table: %s\n", "Layout %u: %s — %u tables: %s\n",
                           layout->n_tables),
                 (guint) layout->id, layout->name, layout->n_tables, layout->pages);
      if (*layout->lang != '\0')
        g_print (_("  OCR languages: %s\n"), layout->lang);
      for (guint c = 0; c < layout->columns->len; c++)
        {
          const MrgLayoutColumn *column = &g_array_index (layout->columns, MrgLayoutColumn, c);

          g_print ("  %d. %s (%s)%s\n", column->position + 1, column->name,
                   mrg_column_type_to_string (column->type),
                   column->proposed ? _(" proposed") : "");
        }
    }
  return TRUE;
}

int
mrg_cli_layouts (MrgCliGlobal  *global,
                 int            argc,
                 char         **argv)
{
  return mrg_cli_read (global,
                       _("List the project’s layouts: each one’s columns (position, name, type) "
                         "and the pages whose tables are read with it. Names OCR took from a "
                         "header row are marked “proposed” until they are accepted."),
                       argc, argv, print_layouts);
}

/* A document by its number in the order of import (as `status` counts them), or by its file
 * name or path. */
static gint64
find_document (MrgStore    *store,
               const char  *which,
               GError     **error)
{
  g_autoptr(GArray) documents = mrg_store_list_documents (store, error);
  char *end = NULL;
  guint64 number;

  if (documents == NULL)
    return 0;
  number = g_ascii_strtoull (which, &end, 10);
  if (end != which && *end == '\0' && number >= 1 && number <= documents->len)
    return g_array_index (documents, MrgStoreDocument, number - 1).id;
  for (guint i = 0; i < documents->len; i++)
    {
      const MrgStoreDocument *document = &g_array_index (documents, MrgStoreDocument, i);
      g_autofree char *base = g_path_get_basename (document->path);

      if (strcmp (document->path, which) == 0 || strcmp (base, which) == 0)
        return document->id;
    }
  g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_NOT_FOUND,
               _("there is no document “%s” in the project (give its number, 1 to %u, or its "
                 "file name)"), which, documents->len);
  return 0;
}

/* The layout the first table of a document is read with, 0 when none. */
static gint64
document_layout (MrgStore *store,
                 gint64    document_id)
{
  g_autoptr(GArray) pages = mrg_store_list_document_pages (store, document_id, NULL);

  for (guint i = 0; pages != NULL && i < pages->len; i++)
    {
      g_autoptr(GArray) tables = mrg_store_get_page_table_ids (store,
                                                               g_array_index (pages, gint64, i),
                                                               NULL);

      if (tables != NULL && tables->len > 0)
        return mrg_store_get_table_layout (store, g_array_index (tables, gint64, 0), NULL);
    }
  return 0;
}

/* Without a layout name, --lang is the document's: for its tables whose layout names none. */
static gboolean
change_document_lang (MrgStore    *store,
                      const char  *document,
                      const char  *lang,
                      GError     **error)
{
  gint64 document_id = find_document (store, document, error);

  if (document_id == 0 || !mrg_store_set_document_lang (store, document_id, lang, error))
    return FALSE;
  if (*lang == '\0')
    g_print (_("Document %s is read in the project’s OCR languages.\n"), document);
  else
    g_print (_("Document %s is read in the OCR languages %s.\n"), document, lang);
  return TRUE;
}

/* What `layout` was asked to change: the options it was given. */
typedef struct
{
  const char *name;
  const char *document;
  const char *rename;
  gboolean accept;
  const char *lang;
} LayoutChange;

static gboolean
change_layout (MrgStore            *store,
               const LayoutChange  *change,
               GError             **error)
{
  gint64 layout_id;
  gint64 document_id = 0;
  guint n_tables = 0;

  if (change->name == NULL)
    return change_document_lang (store, change->document, change->lang, error);
  layout_id = mrg_store_find_layout (store, change->name, error);
  if (layout_id == 0 && error != NULL && *error != NULL)
    return FALSE;
  if (change->document != NULL &&
      (document_id = find_document (store, change->document, error)) == 0)
    return FALSE;
  if (layout_id == 0 && document_id == 0)
    {
      /* a new layout is only made for a document to be read with */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No layout is named or numbered “%s” (muragat-cli layouts lists them); "
                     "a new layout needs --document"), change->name);
      return FALSE;
    }
  if (layout_id == 0)
    {
      layout_id = mrg_store_create_layout (store, change->name, error);
      if (layout_id == 0)
        return FALSE;
      /* A new layout starts from the columns the document is read with now. */
      if (document_id != 0 &&
          !mrg_store_copy_layout_columns (store, document_layout (store, document_id),
                                          layout_id, error))
        return FALSE;
      g_print (_("New layout “%s”.\n"), change->name);
    }
  if (document_id != 0)
    {
      if (!mrg_store_set_document_layout (store, document_id, layout_id, &n_tables, error))
        return FALSE;
      g_print (ngettext ("%u table of document %s is now read with layout “%s”.\n",
                         "%u tables of document %s are now read with layout “%s”.\n", n_tables),
               n_tables, change->document, change->name);
    }
  if (change->accept)
    {
      if (!mrg_store_accept_layout_columns (store, layout_id, error))
        return FALSE;
      g_print (_("The column names of layout “%s” are accepted.\n"), change->name);
    }
  if (change->rename != NULL &&
      !mrg_store_rename_layout (store, layout_id, change->rename, error))
    return FALSE;
  if (change->lang != NULL && !mrg_store_set_layout_lang (store, layout_id, change->lang, error))
    return FALSE;
  return TRUE;
}

int
mrg_cli_layout (MrgCliGlobal  *global,
                int            argc,
                char         **argv)
{
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *document = NULL;
  g_autofree char *rename = NULL;
  g_autofree char *lang = NULL;
  gboolean accept = FALSE;
  LayoutChange change;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name,
      N_("The layout, by name or number; one of a new name starts with the columns the document is read with now"), N_("NAME") },
    { "document", 'd', 0, G_OPTION_ARG_STRING, &document,
      N_("Read every table of this document with the layout: its number (as imported) or file "
         "name"), N_("N") },
    { "accept", 0, 0, G_OPTION_ARG_NONE, &accept,
      N_("Accept the column names OCR proposed from the header row"), NULL },
    { "rename", 0, 0, G_OPTION_ARG_STRING, &rename, N_("Give the layout a new name"),
      N_("NEW") },
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &lang,
      N_("OCR languages joined by + (deu, rus+kaz) for the layout's tables, or without --name "
         "for the document's; \"\" for the project's"), N_("LANGS") },
    { NULL }
  };
  const MrgCliHelp help = {
    .summary = _("Give a document’s tables a layout (a named set of columns), accept a "
                 "layout’s proposed column names or rename it. Each change is one step that the "
                 "window can undo."),
  };
  int status;

  status = mrg_cli_parse_command (&help, entries, &argc, &argv);
  if (status != 0)
    return status;
  if (name == NULL && (lang == NULL || document == NULL))
    return mrg_cli_fail_message (_("layout: give the layout with --name NAME"));
  if (lang != NULL && *lang != '\0' && !mrg_ocr_check_languages (lang, &error))
    return mrg_cli_fail_message ("layout: %s", error->message);

  store = mrg_cli_open_project (global, MRG_STORE_OPEN_DEFAULT);
  if (store == NULL)
    return 1;
  if (!mrg_store_begin (store, &error))
    return mrg_cli_fail (error);
  mrg_store_begin_group (store);
  change = (LayoutChange) { name, document, rename, accept, lang };
  ok = change_layout (store, &change, &error);
  mrg_store_end_group (store);
  if (!ok)
    {
      mrg_store_rollback (store);
      return mrg_cli_fail (error);
    }
  if (!mrg_store_commit (store, &error))
    return mrg_cli_fail (error);
  return 0;
}
