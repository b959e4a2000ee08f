/* mrg-pagexml.c: PAGE XML (2013 and 2019) import: the image it names, the grid and the text
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-pagexml"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <leptonica/allheaders.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "mrg-document.h"
#include "mrg-pagexml.h"
#include "mrg-store.h"
#include "mrg-store-pages.h"

/* What is recorded: the IMAGE the PAGE file names is the document (kind image, its own SHA-256
 * and size), so that the project refers to the scan as if it had been imported directly and a
 * later import of the same scan is recognised. The PAGE file itself is not kept: its content
 * becomes the page's grid and cell text (the cells' OCR text, confidence from TextEquiv/@conf or
 * none).
 *
 * Where the grid comes from:
 *  - TableRegion with Transkribus TableCell (@row, @col, @rowSpan, @colSpan), or with 2019
 *    TextRegions carrying Roles/TableCellRole (@rowIndex, @columnIndex, @header): as given; a
 *    spanning cell is recorded at its first row and column, with its whole box.
 *  - no TableRegion: every TextRegion is a cell (abp-passau-tables), except a region that is
 *    plainly a block of many lines (eScriptorium's one dummy region of lectaurep, or one
 *    without Coords), whose lines are the cell fragments instead. Columns are clustered from
 *    the boxes' extents in x (a box far wider than the typical one is a spanning header, put
 *    where it starts); rows are chains across the columns (see chain_rows), because
 *    handwritten rows drift too much for bands in y. Where the geometry is unclear a row is
 *    rather split in two than two entries merged into one: a split is fixed by a person in a
 *    moment, two people's data mixed in one row is not. Fragments landing in one grid
 *    position are joined, top to bottom, with line breaks; positions nobody wrote in become
 *    empty cells, so the grid is complete. eScriptorium's printed lines mark header rows.
 */

G_DEFINE_QUARK (mrg-pagexml-error-quark, mrg_pagexml_error)

typedef struct
{
  MrgBox box;
  char *text;
  double conf;          /* 0..1, or < 0 when not given */
  int row;              /* -1 when to be derived from the geometry */
  int col;
  int row_span;         /* a merged cell's rows and columns, 1 when not merged */
  int col_span;
  gboolean header;
} Item;

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_free (item->text);
}

/* Past the XML declaration, comments, processing instructions and a DOCTYPE: where the root
 * element starts, or NULL. */
static const char *
skip_prologue (const char *p)
{
  while (p != NULL)
    {
      while (g_ascii_isspace (*p))
        p++;
      if (g_str_has_prefix (p, "<?"))
        p = (p = strstr (p, "?>")) != NULL ? p + 2 : NULL;
      else if (g_str_has_prefix (p, "<!--"))
        p = (p = strstr (p, "-->")) != NULL ? p + 3 : NULL;
      else if (g_str_has_prefix (p, "<!"))
        {
          /* a DOCTYPE, perhaps with an internal subset in brackets */
          const char *bracket = strchr (p, '[');
          const char *end = strchr (p, '>');

          if (bracket != NULL && end != NULL && bracket < end)
            end = (end = strstr (bracket, "]")) != NULL ? strchr (end, '>') : NULL;
          p = end != NULL ? end + 1 : NULL;
        }
      else
        return *p == '<' ? p : NULL;
    }
  return NULL;
}

gboolean
mrg_pagexml_sniff (const char *path)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autofree char *buf = NULL;
  const char *root, *name, *tag_end;
  g_autofree char *tag = NULL;
  gsize n = 0;

  g_return_val_if_fail (path != NULL, FALSE);

  file = g_file_new_for_path (path);
  in = g_file_read (file, NULL, NULL);
  if (in == NULL)
    return FALSE;
  /* comments, a licence or a DOCTYPE may come before the root: look as far as a prologue goes */
  buf = g_malloc (MRG_PAGEXML_MAX_PROLOGUE + 1);
  if (!g_input_stream_read_all (G_INPUT_STREAM (in), buf, MRG_PAGEXML_MAX_PROLOGUE, &n, NULL,
                                NULL) || n == 0)
    return FALSE;
  buf[n] = '\0';
  root = skip_prologue (g_str_has_prefix (buf, "\xef\xbb\xbf") ? buf + 3 : buf);
  if (root == NULL || (tag_end = strchr (root, '>')) == NULL)
    return FALSE;
  /* a PcGts root element (perhaps prefixed) in the PRImA namespace */
  tag = g_strndup (root + 1, tag_end - root - 1);
  name = strchr (tag, ':');
  name = name != NULL && name < tag + strcspn (tag, " \t\r\n") ? name + 1 : tag;
  return g_str_has_prefix (name, "PcGts") && strchr (" \t\r\n/", name[5]) != NULL &&
         strstr (tag, "primaresearch.org/PAGE/gts/pagecontent/") != NULL;
}

static gboolean
is_page_node (xmlNode    *node,
              const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         g_str_has_prefix ((const char *) node->ns->href,
                           "http://schema.primaresearch.org/PAGE/gts/pagecontent/") &&
         strcmp ((const char *) node->name, name) == 0;
}

static xmlNode *
first_child (xmlNode    *node,
             const char *name)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_page_node (child, name))
      return child;
  return NULL;
}

static char *
get_prop (xmlNode    *node,
          const char *name)
{
  xmlChar *value = xmlGetProp (node, BAD_CAST name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

static gboolean
get_int_prop (xmlNode    *node,
              const char *name,
              int        *out)
{
  g_autofree char *value = get_prop (node, name);
  gint64 v;

  if (value == NULL || !g_ascii_string_to_signed (g_strstrip (value), 10, G_MININT, G_MAXINT, &v,
                                                   NULL))
    return FALSE;
  *out = (int) v;
  return TRUE;
}

/* The bounding box of a Coords element (points="x,y x,y …", or PAGE 2010's Point children). */
static gboolean
read_coords (const char  *path,
             xmlNode     *owner,
             int          width,
             int          height,
             MrgBox      *box,
             GError     **error)
{
  xmlNode *coords = first_child (owner, "Coords");
  g_autofree char *points = NULL;
  g_autofree char *id = get_prop (owner, "id");
  gboolean any = FALSE;
  int line = owner->line;

  box->x1 = box->y1 = G_MAXINT;
  box->x2 = box->y2 = G_MININT;
  if (coords == NULL)
    goto bad;
  points = get_prop (coords, "points");
  if (points != NULL)
    {
      g_auto(GStrv) pairs = g_strsplit_set (g_strstrip (points), " \t\n", -1);

      for (guint i = 0; pairs[i] != NULL; i++)
        {
          char *end = NULL;
          gint64 x, y;

          if (*pairs[i] == '\0')
            continue;
          x = g_ascii_strtoll (pairs[i], &end, 10);
          if (end == pairs[i] || *end != ',')
            goto bad;
          y = g_ascii_strtoll (end + 1, &end, 10);
          if (*end != '\0')
            goto bad;
          /* the edge of the last pixel (x == width) is on the page */
          if (x < 0 || y < 0 || x > width || y > height)
            {
              g_set_error (error, MRG_PAGEXML_ERROR, MRG_PAGEXML_ERROR_INVALID,
                           /* %lld, not G_GINT64_FORMAT: xgettext cannot see a macro */
                           _("%s: line %d: region “%s” has the point %lld,%lld outside "
                             "the %d×%d page"),
                           path, line, id != NULL ? id : "", (long long) x, (long long) y, width,
                           height);
              return FALSE;
            }
          box->x1 = MIN (box->x1, (int) x);
          box->y1 = MIN (box->y1, (int) y);
          box->x2 = MAX (box->x2, (int) x);
          box->y2 = MAX (box->y2, (int) y);
          any = TRUE;
        }
    }
  else
    {
      for (xmlNode *pt = coords->children; pt != NULL; pt = pt->next)
        {
          int x, y;

          if (!is_page_node (pt, "Point"))
            continue;
          if (!get_int_prop (pt, "x", &x) || !get_int_prop (pt, "y", &y))
            goto bad;
          if (x < 0 || y < 0 || x > width || y > height)
            {
              g_set_error (error, MRG_PAGEXML_ERROR, MRG_PAGEXML_ERROR_INVALID,
                           _("%s: line %d: region “%s” has the point %d,%d outside the %d×%d page"),
                           path, line, id != NULL ? id : "", x, y, width, height);
              return FALSE;
            }
          box->x1 = MIN (box->x1, x);
          box->y1 = MIN (box->y1, y);
          box->x2 = MAX (box->x2, x);
          box->y2 = MAX (box->y2, y);
          any = TRUE;
        }
    }
  if (any)
    return TRUE;

bad:
  g_set_error (error, MRG_PAGEXML_ERROR, MRG_PAGEXML_ERROR_INVALID,
               _("%s: line %d: region “%s” has no readable coordinates"),
               path, line, id != NULL ? id : "");
  return FALSE;
}

/* TextEquiv/Unicode of an element, and its confidence (-1 when none). Files disagree on where
 * a region's TextEquiv sits relative to its lines, so this looks by element, not position. */
static char *
read_text_equiv (xmlNode *owner,
                 double  *conf)
{
  xmlNode *equiv = NULL;
  xmlNode *unicode;
  xmlChar *content;
  char *text;
  g_autofree char *conf_str = NULL;

  /* with several TextEquivs, the one with the lowest @index (or the first) */
  for (xmlNode *child = owner->children; child != NULL; child = child->next)
    {
      int index = 0, best = G_MAXINT;

      if (!is_page_node (child, "TextEquiv"))
        continue;
      if (equiv != NULL && (!get_int_prop (child, "index", &index) ||
                            !get_int_prop (equiv, "index", &best) || index >= best))
        continue;
      equiv = child;
    }
  if (conf != NULL)
    *conf = -1;
  if (equiv == NULL || (unicode = first_child (equiv, "Unicode")) == NULL)
    return NULL;
  content = xmlNodeGetContent (unicode);
  text = g_strdup (content != NULL ? (const char *) content : "");
  xmlFree (content);
  conf_str = get_prop (equiv, "conf");
  if (conf != NULL && conf_str != NULL)
    {
      char *end = NULL;
      double v = g_ascii_strtod (conf_str, &end);

      if (end != conf_str && v >= 0 && v <= 1)
        *conf = v;
    }
  return text;
}

/* A region's text: its own TextEquiv, else its lines' joined by line breaks. */
static char *
read_region_text (xmlNode *region,
                  double  *conf)
{
  g_autoptr(GString) joined = NULL;
  char *text = read_text_equiv (region, conf);
  double line_conf_sum = 0;
  int n_conf = 0;

  if (text != NULL)
    {
      /* no region confidence: the mean of its lines' */
      if (*conf < 0)
        for (xmlNode *line = region->children; line != NULL; line = line->next)
          {
            double c;
            g_autofree char *t = NULL;

            if (!is_page_node (line, "TextLine"))
              continue;
            t = read_text_equiv (line, &c);
            if (c >= 0)
              {
                line_conf_sum += c;
                n_conf++;
              }
          }
      if (*conf < 0 && n_conf > 0)
        *conf = line_conf_sum / n_conf;
      return text;
    }

  for (xmlNode *line = region->children; line != NULL; line = line->next)
    {
      g_autofree char *t = NULL;
      double c;

      if (!is_page_node (line, "TextLine"))
        continue;
      t = read_text_equiv (line, &c);
      if (t == NULL)
        continue;
      if (joined == NULL)
        joined = g_string_new (t);
      else
        g_string_append_printf (joined, "\n%s", t);
      if (c >= 0)
        {
          line_conf_sum += c;
          n_conf++;
        }
    }
  *conf = n_conf > 0 ? line_conf_sum / n_conf : -1;
  return joined != NULL ? g_string_free (g_steal_pointer (&joined), FALSE) : g_strdup ("");
}

static guint
count_children (xmlNode    *node,
                const char *name)
{
  guint n = 0;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_page_node (child, name))
      n++;
  return n;
}

typedef struct
{
  const char *path;
  int width;
  int height;
  GPtrArray *tables;       /* of GArray of Item: one per TableRegion */
  GArray *loose;           /* Items outside any table, row/col to be derived */
} Collect;

/* A person transcribes a cell in a few lines; a file that says otherwise would freeze the
 * window that shows it and swell the project. */
static gboolean
check_text_length (Collect     *c,
                   xmlNode     *node,
                   const char  *text,
                   GError     **error)
{
  if (text == NULL || strlen (text) <= MRG_PAGEXML_MAX_CELL_TEXT ||
      g_utf8_strlen (text, -1) <= MRG_PAGEXML_MAX_CELL_TEXT)
    return TRUE;
  g_set_error (error, MRG_PAGEXML_ERROR, MRG_PAGEXML_ERROR_TOO_LARGE,
               _("%s: line %d: a text of more than %d characters, the limit for a cell"),
               c->path, node->line, MRG_PAGEXML_MAX_CELL_TEXT);
  return FALSE;
}

static gboolean
add_table_cell (Collect  *c,
                GArray   *items,
                xmlNode  *cell,
                gboolean  transkribus,
                GError  **error)
{
  Item item = { .row_span = 1, .col_span = 1 };
  xmlNode *span_node = cell;

  if (!read_coords (c->path, cell, c->width, c->height, &item.box, error))
    return FALSE;
  if (transkribus)
    {
      if (!get_int_prop (cell, "row", &item.row) || !get_int_prop (cell, "col", &item.col))
        {
          g_set_error (error, MRG_PAGEXML_ERROR, MRG_PAGEXML_ERROR_INVALID,
                       _("%s: line %d: a TableCell without row and col"), c->path, cell->line);
          return FALSE;
        }
    }
  else
    {
      xmlNode *roles = first_child (cell, "Roles");
      xmlNode *role = roles != NULL ? first_child (roles, "TableCellRole") : NULL;
      g_autofree char *header = NULL;

      if (role == NULL)
        item.row = item.col = -1;
      else if (!get_int_prop (role, "rowIndex", &item.row) ||
               !get_int_prop (role, "columnIndex", &item.col))
        {
          g_set_error (error, MRG_PAGEXML_ERROR, MRG_PAGEXML_ERROR_INVALID,
                       _("%s: line %d: a TableCellRole without rowIndex and columnIndex"),
                       c->path, role->line);
          return FALSE;
        }
      if (role != NULL && (header = get_prop (role, "header")) != NULL)
        item.header = g_strcmp0 (header, "true") == 0 || g_strcmp0 (header, "1") == 0;
      span_node = role;
    }
  /* A span that is missing, not a number or below 1 is no span; one past the table is cut
   * where the grid ends (see store_table). */
  if (span_node != NULL && (!get_int_prop (span_node, "rowSpan", &item.row_span) ||
                            item.row_span < 1))
    item.row_span = 1;
  if (span_node != NULL && (!get_int_prop (span_node, "colSpan", &item.col_span) ||
                            item.col_span < 1))
    item.col_span = 1;
  item.row_span = MIN (item.row_span, MRG_PAGEXML_MAX_ROWS);
  item.col_span = MIN (item.col_span, MRG_PAGEXML_MAX_COLUMNS);
  if ((item.row < 0) != (item.col < 0) || (item.row < -1 || item.col < -1))
    {
      g_set_error (error, MRG_PAGEXML_ERROR, MRG_PAGEXML_ERROR_INVALID,
                   _("%s: line %d: a table cell at row %d, column %d"), c->path, cell->line,
                   item.row, item.col);
      return FALSE;
    }
  if (item.row >= MRG_PAGEXML_MAX_ROWS || item.col >= MRG_PAGEXML_MAX_COLUMNS)
    {
      g_set_error (error, MRG_PAGEXML_ERROR, MRG_PAGEXML_ERROR_TOO_LARGE,
                   _("%s: line %d: a table cell at row %d, column %d, beyond the limit of "
                     "%d rows and %d columns a table"),
                   c->path, cell->line, item.row, item.col, MRG_PAGEXML_MAX_ROWS,
                   MRG_PAGEXML_MAX_COLUMNS);
      return FALSE;
    }
  item.text = read_region_text (cell, &item.conf);
  if (!check_text_length (c, cell, item.text, error))
    {
      g_free (item.text);
      return FALSE;
    }
  g_array_append_val (items, item);
  return TRUE;
}

static gboolean
collect_table (Collect  *c,
               xmlNode  *table,
               GError  **error)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (Item));

  g_array_set_clear_func (items, item_clear);
  g_ptr_array_add (c->tables, items);
  for (xmlNode *child = table->children; child != NULL; child = child->next)
    {
      if (is_page_node (child, "TableCell") && !add_table_cell (c, items, child, TRUE, error))
        return FALSE;
      if (is_page_node (child, "TextRegion") && !add_table_cell (c, items, child, FALSE, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
collect_region (Collect  *c,
                xmlNode  *region,
                GError  **error)
{
  MrgBox box = { 0 };
  guint n_lines = count_children (region, "TextLine");
  gboolean has_coords = first_child (region, "Coords") != NULL;
  gint64 area = 0;

  /* eScriptorium writes its dummy region without Coords: the lines still say where they are */
  if (has_coords)
    {
      if (!read_coords (c->path, region, c->width, c->height, &box, error))
        return FALSE;
      area = (gint64) (box.x2 - box.x1) * (box.y2 - box.y1);
    }
  else if (n_lines == 0)
    return TRUE;

  /* a block of many lines covering a good part of the page is not one cell: its lines are */
  if (!has_coords || (n_lines >= 10 && area * 4 >= (gint64) c->width * c->height))
    {
      for (xmlNode *line = region->children; line != NULL; line = line->next)
        {
          Item item = { .row = -1, .col = -1 };

          if (!is_page_node (line, "TextLine"))
            continue;
          if (!read_coords (c->path, line, c->width, c->height, &item.box, error))
            return FALSE;
          item.text = read_text_equiv (line, &item.conf);
          if (item.text == NULL)
            item.text = g_strdup ("");
          if (!check_text_length (c, line, item.text, error))
            {
              g_free (item.text);
              return FALSE;
            }
          /* eScriptorium marks the pre-printed form (title, column heads) as such: its rows
           * are the table's header */
          {
            g_autofree char *custom = get_prop (line, "custom");

            item.header = custom != NULL && strstr (custom, "type:printed") != NULL;
          }
          g_array_append_val (c->loose, item);
        }
      return TRUE;
    }

  {
    Item item = { .row = -1, .col = -1, .box = box };

    item.text = read_region_text (region, &item.conf);
    if (!check_text_length (c, region, item.text, error))
      {
        g_free (item.text);
        return FALSE;
      }
    g_array_append_val (c->loose, item);
  }
  return TRUE;
}

static gboolean
collect (Collect  *c,
         xmlNode  *parent,
         GError  **error)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    {
      if (is_page_node (child, "TableRegion"))
        {
          if (!collect_table (c, child, error))
            return FALSE;
        }
      else if (is_page_node (child, "TextRegion"))
        {
          if (!collect_region (c, child, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* ---- geometry ---------------------------------------------------------------------------- */

typedef struct
{
  int a;
  int b;
} Span;

typedef struct
{
  int a;
  int b;
  int root;
} Cluster;

static int
compare_cluster (gconstpointer a,
                 gconstpointer b)
{
  const Cluster *x = a, *y = b;

  return (x->a + x->b) - (y->a + y->b);
}

/* The cluster that the start of a spanning box (its first `median` pixels) overlaps most, by
 * more than `above`; G_MAXUINT when none does. */
static guint
find_start_cluster (GArray     *clusters,
                    const Span *span,
                    int         median,
                    int         above)
{
  guint best = G_MAXUINT;
  int best_overlap = above;

  for (guint k = 0; k < clusters->len; k++)
    {
      Cluster *cl = &g_array_index (clusters, Cluster, k);
      int overlap = MIN (cl->b, span->a + median) - MAX (cl->a, span->a);

      if (overlap > best_overlap)
        {
          best_overlap = overlap;
          best = k;
        }
    }
  return best;
}

/* Assigns each span a cluster index (0.. in order along the axis); returns the number of
 * clusters and their extents in *out_clusters. */
static guint
cluster_spans (const Span *spans,
               guint       n,
               int        *index,
               GArray    **out_clusters)
{
  g_autofree guint *parent = mrg_sets_new (n);
  g_autofree int *lengths = g_new (int, MAX (n, 1));
  g_autofree int *root_cluster = g_new (int, MAX (n, 1));
  g_autofree gboolean *spanning = g_new0 (gboolean, MAX (n, 1));
  GArray *clusters = g_array_new (FALSE, TRUE, sizeof (Cluster));
  int median;

  if (n == 0)
    {
      *out_clusters = clusters;
      return 0;
    }
  for (guint i = 0; i < n; i++)
    {
      lengths[i] = MAX (spans[i].b - spans[i].a, 1);
    }
  qsort (lengths, n, sizeof (int), mrg_compare_int);
  median = lengths[n / 2];
  for (guint i = 0; i < n; i++)
    spanning[i] = spans[i].b - spans[i].a > 2 * median + 1;

  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        int overlap, longer;

        if (spanning[i] || spanning[j])
          continue;
        overlap = MIN (spans[i].b, spans[j].b) - MAX (spans[i].a, spans[j].a);
        longer = MAX (spans[i].b - spans[i].a, spans[j].b - spans[j].a);
        /* half of the longer, not the shorter: handwriting drifts, and a looser rule chains
         * neighbouring rows of a slanted page into one */
        if (overlap > 0 && 2 * overlap >= longer)
          mrg_sets_join (parent, i, j);
      }

  /* a box left alone (much shorter or longer than its neighbours) joins the cluster of the box
   * it overlaps most, if that covers half of it */
  {
    g_autofree guint *size = g_new0 (guint, n);

    for (guint i = 0; i < n; i++)
      if (!spanning[i])
        size[mrg_sets_find (parent, i)]++;
    for (guint i = 0; i < n; i++)
      {
        int best = -1, best_overlap = 0;

        if (spanning[i] || size[mrg_sets_find (parent, i)] != 1)
          continue;
        for (guint j = 0; j < n; j++)
          {
            int overlap = MIN (spans[i].b, spans[j].b) - MAX (spans[i].a, spans[j].a);

            if (j == i || spanning[j] || size[mrg_sets_find (parent, j)] < 2)
              continue;
            if (overlap > best_overlap)
              {
                best_overlap = overlap;
                best = j;
              }
          }
        if (best >= 0 && 2 * best_overlap >= spans[i].b - spans[i].a)
          parent[i] = mrg_sets_find (parent, best);
      }
  }

  for (guint i = 0; i < n; i++)
    {
      int r;
      guint k;

      if (spanning[i])
        continue;
      r = (int) mrg_sets_find (parent, i);
      for (k = 0; k < clusters->len; k++)
        if (g_array_index (clusters, Cluster, k).root == r)
          break;
      if (k == clusters->len)
        {
          Cluster cl = { spans[i].a, spans[i].b, r };

          g_array_append_val (clusters, cl);
        }
      else
        {
          Cluster *cl = &g_array_index (clusters, Cluster, k);

          cl->a = MIN (cl->a, spans[i].a);
          cl->b = MAX (cl->b, spans[i].b);
        }
    }
  /* spanning boxes belong where they start; one that starts before any cluster opens its own */
  for (guint i = 0; i < n; i++)
    if (spanning[i] && find_start_cluster (clusters, &spans[i], median, 0) == G_MAXUINT)
      {
        Cluster cl = { spans[i].a, MIN (spans[i].b, spans[i].a + median), -1 - (int) i };

        g_array_append_val (clusters, cl);
      }
  g_array_sort (clusters, compare_cluster);
  for (guint k = 0; k < clusters->len; k++)
    root_cluster[k] = g_array_index (clusters, Cluster, k).root;
  for (guint i = 0; i < n; i++)
    {
      int key = spanning[i] ? G_MININT : (int) mrg_sets_find (parent, i);

      index[i] = 0;
      for (guint k = 0; k < clusters->len; k++)
        if (!spanning[i] && root_cluster[k] == key)
          index[i] = k;
    }
  /* the spanning ones: by where they start, against the sorted clusters */
  for (guint i = 0; i < n; i++)
    {
      guint best;

      if (!spanning[i])
        continue;
      best = find_start_cluster (clusters, &spans[i], median, G_MININT);
      if (best != G_MAXUINT)
        index[i] = best;
    }
  *out_clusters = clusters;
  return clusters->len;
}

static int
compare_item_position (gconstpointer a,
                       gconstpointer b)
{
  const Item *x = a, *y = b;

  if (x->row != y->row)
    return x->row - y->row;
  if (x->col != y->col)
    return x->col - y->col;
  return x->box.y1 - y->box.y1;
}

static int
y_overlap (const Item *a,
           const Item *b)
{
  return MIN (a->box.y2, b->box.y2) - MAX (a->box.y1, b->box.y1);
}

/* Of the items in column `col`, the one sharing the most height with item i (relative to the
 * lower of the two); -1 when none shares at least a third. */
static int
best_in_column (GArray    *items,
                const int *cols,
                guint      i,
                int        col)
{
  const Item *a = &g_array_index (items, Item, i);
  double best_score = 1.0 / 3.0;
  int best = -1;

  for (guint j = 0; j < items->len; j++)
    {
      const Item *b = &g_array_index (items, Item, j);
      int lower = MIN (a->box.y2 - a->box.y1, b->box.y2 - b->box.y1);
      double score;

      if (cols[j] != col || lower <= 0)
        continue;
      score = (double) y_overlap (a, b) / lower;
      if (score >= best_score)
        {
          best_score = score;
          best = j;
        }
    }
  return best;
}

typedef struct
{
  double y;     /* mean centre */
  int root;
} RowKey;

static int
compare_row_key (gconstpointer a,
                 gconstpointer b)
{
  const RowKey *x = a, *y = b;

  return x->y < y->y ? -1 : x->y > y->y;
}

/* Rows of a handwritten table drift across the page, and not evenly, so no single band in y
 * holds a row. A row is found instead as a chain across the columns: each box is linked to the
 * box of the next column (skipping empty ones) that shares most of its height, when that box
 * would choose it back. Chains that end at a gap are joined when they share most of their height
 * and no column. */
static guint
chain_rows (GArray    *items,
            const int *cols,
            guint      n_cols,
            int       *rows)
{
  guint n = items->len;
  g_autofree guint *parent = mrg_sets_new (n);
  g_autofree guint64 *col_set = NULL;
  g_autofree int *lo = NULL;
  g_autofree int *hi = NULL;
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (RowKey));
  gboolean merged;

  for (guint i = 0; i < n; i++)
    for (guint c = cols[i] + 1; c < n_cols; c++)
      {
        int j = best_in_column (items, cols, i, c);

        if (j < 0)
          continue;
        if (best_in_column (items, cols, j, cols[i]) == (int) i)
          mrg_sets_join (parent, i, j);
        break;
      }

  /* join chains broken by a gap: same height band, no column in common (up to 64 columns are
   * told apart; beyond that a shared bit only stops a join) */
  col_set = g_new0 (guint64, MAX (n, 1));
  lo = g_new (int, MAX (n, 1));
  hi = g_new (int, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      lo[i] = G_MAXINT;
      hi[i] = G_MININT;
    }
  for (guint i = 0; i < n; i++)
    {
      const Item *item = &g_array_index (items, Item, i);
      int r = (int) mrg_sets_find (parent, i);

      col_set[r] |= G_GUINT64_CONSTANT (1) << (cols[i] % 64);
      lo[r] = MIN (lo[r], item->box.y1);
      hi[r] = MAX (hi[r], item->box.y2);
    }
  /* each pass is quadratic in the number of chains; a few passes settle it */
  for (int pass = 0; pass < 8; pass++)
    {
      merged = FALSE;
      for (guint i = 0; i < n; i++)
        {
          if (parent[i] != i)
            continue;
          for (guint j = i + 1; j < n; j++)
            {
              int overlap, lower;

              if (parent[j] != j || (col_set[i] & col_set[j]) != 0)
                continue;
              overlap = MIN (hi[i], hi[j]) - MAX (lo[i], lo[j]);
              lower = MIN (hi[i] - lo[i], hi[j] - lo[j]);
              if (lower > 0 && 2 * overlap >= lower)
                {
                  parent[j] = i;
                  col_set[i] |= col_set[j];
                  lo[i] = MIN (lo[i], lo[j]);
                  hi[i] = MAX (hi[i], hi[j]);
                  merged = TRUE;
                }
            }
        }
      if (!merged)
        break;
    }

  /* rows in order of their mean height on the page */
  for (guint i = 0; i < n; i++)
    if (mrg_sets_find (parent, i) == i)
      {
        RowKey key = { 0, (int) i };
        int count = 0;

        for (guint j = 0; j < n; j++)
          if (mrg_sets_find (parent, j) == i)
            {
              const Item *item = &g_array_index (items, Item, j);

              key.y += (item->box.y1 + item->box.y2) / 2.0;
              count++;
            }
        key.y /= count;
        g_array_append_val (keys, key);
      }
  g_array_sort (keys, compare_row_key);
  for (guint i = 0; i < n; i++)
    {
      int r = (int) mrg_sets_find (parent, i);

      for (guint k = 0; k < keys->len; k++)
        if (g_array_index (keys, RowKey, k).root == r)
          rows[i] = k;
    }
  return keys->len;
}

/* Gives loose items a row and column from the geometry. */
static void
derive_grid (GArray *items)
{
  g_autofree Span *xs = g_new (Span, MAX (items->len, 1));
  g_autofree int *cols = g_new (int, MAX (items->len, 1));
  g_autofree int *rows = g_new (int, MAX (items->len, 1));
  g_autoptr(GArray) col_clusters = NULL;
  guint n_cols;

  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);

      xs[i] = (Span) { item->box.x1, item->box.x2 };
    }
  n_cols = cluster_spans (xs, items->len, cols, &col_clusters);
  chain_rows (items, cols, n_cols, rows);
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);

      item->row = rows[i];
      item->col = cols[i];
    }
}

/* ---- store ------------------------------------------------------------------------------- */

static gboolean
store_table (MrgStore  *store,
             gint64     page_id,
             GArray    *items,
             GError   **error)
{
  g_autofree Span *row_span = NULL;
  g_autofree Span *col_span = NULL;
  g_autofree gint64 *row_ids = NULL;
  g_autofree gboolean *row_header = NULL;
  g_autoptr(GArray) col_seps = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) row_seps = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree gboolean *filled = NULL;
  MrgBox area = { G_MAXINT, G_MAXINT, G_MININT, G_MININT };
  int n_rows = 0, n_cols = 0;
  gint64 table_id;

  if (items->len == 0)
    return TRUE;

  /* fragments in one position become one cell, top to bottom */
  g_array_sort (items, compare_item_position);
  for (guint i = 0; i + 1 < items->len; )
    {
      Item *a = &g_array_index (items, Item, i);
      Item *b = &g_array_index (items, Item, i + 1);

      if (a->row != b->row || a->col != b->col)
        {
          i++;
          continue;
        }
      if (*b->text != '\0')
        {
          char *joined = *a->text != '\0' ? g_strconcat (a->text, "\n", b->text, NULL)
                                          : g_strdup (b->text);

          g_free (a->text);
          a->text = joined;
        }
      a->box.x1 = MIN (a->box.x1, b->box.x1);
      a->box.y1 = MIN (a->box.y1, b->box.y1);
      a->box.x2 = MAX (a->box.x2, b->box.x2);
      a->box.y2 = MAX (a->box.y2, b->box.y2);
      a->conf = a->conf >= 0 && b->conf >= 0 ? MIN (a->conf, b->conf) : -1;
      a->header = a->header || b->header;
      g_array_remove_index (items, i + 1);
    }

  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);

      n_rows = MAX (n_rows, item->row + 1);
      n_cols = MAX (n_cols, item->col + 1);
      area.x1 = MIN (area.x1, item->box.x1);
      area.y1 = MIN (area.y1, item->box.y1);
      area.x2 = MAX (area.x2, item->box.x2);
      area.y2 = MAX (area.y2, item->box.y2);
    }

  /* each row's and column's extent, for separators and for the empty cells */
  row_span = g_new (Span, n_rows);
  col_span = g_new (Span, n_cols);
  row_header = g_new0 (gboolean, n_rows);
  for (int r = 0; r < n_rows; r++)
    row_span[r] = (Span) { G_MAXINT, G_MININT };
  for (int c = 0; c < n_cols; c++)
    col_span[c] = (Span) { G_MAXINT, G_MININT };
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);

      row_span[item->row].a = MIN (row_span[item->row].a, item->box.y1);
      row_span[item->row].b = MAX (row_span[item->row].b, item->box.y2);
      col_span[item->col].a = MIN (col_span[item->col].a, item->box.x1);
      col_span[item->col].b = MAX (col_span[item->col].b, item->box.x2);
      row_header[item->row] |= item->header;
    }
  for (int r = 0; r < n_rows; r++)
    if (row_span[r].a > row_span[r].b)
      row_span[r] = (Span) { r > 0 ? row_span[r - 1].b : area.y1,
                             r > 0 ? row_span[r - 1].b : area.y1 };
  for (int c = 0; c < n_cols; c++)
    if (col_span[c].a > col_span[c].b)
      col_span[c] = (Span) { c > 0 ? col_span[c - 1].b : area.x1,
                             c > 0 ? col_span[c - 1].b : area.x1 };
  for (int r = 1; r < n_rows; r++)
    {
      int sep = (row_span[r - 1].b + row_span[r].a) / 2;

      g_array_append_val (row_seps, sep);
    }
  for (int c = 1; c < n_cols; c++)
    {
      int sep = (col_span[c - 1].b + col_span[c].a) / 2;

      g_array_append_val (col_seps, sep);
    }

  table_id = mrg_store_add_table (store, page_id, &area,
                                  &(MrgStoreSeparators) { (int *) col_seps->data, col_seps->len,
                                                          (int *) row_seps->data, row_seps->len },
                                  error);
  if (table_id == 0)
    return FALSE;
  row_ids = g_new0 (gint64, n_rows);
  for (int r = 0; r < n_rows; r++)
    {
      row_ids[r] = mrg_store_add_row (store, table_id, r, row_header[r], error);
      if (row_ids[r] == 0)
        return FALSE;
    }

  filled = g_new0 (gboolean, (gsize) n_rows * n_cols);
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);
      gint64 cell_id;

      cell_id = mrg_store_add_cell (store, row_ids[item->row], item->col, &item->box, item->text,
                                    item->conf >= 0 ? item->conf * 100.0 : 0.0, error);
      if (cell_id == 0)
        return FALSE;
      /* a transcription without a stated confidence is not a confidence of 0 */
      if (item->conf < 0 && !mrg_store_clear_cell_confidence (store, cell_id, error))
        return FALSE;
      filled[(gsize) item->row * n_cols + item->col] = TRUE;
      if (item->row_span > 1 || item->col_span > 1)
        {
          int rows = MIN (item->row_span, n_rows - item->row);
          int cols = MIN (item->col_span, n_cols - item->col);

          /* the places under a merged cell get no cell of their own */
          if (!mrg_store_set_cell_span (store, cell_id, rows, cols, error))
            return FALSE;
          for (int r = item->row; r < item->row + rows; r++)
            for (int c = item->col; c < item->col + cols; c++)
              filled[(gsize) r * n_cols + c] = TRUE;
        }
    }
  for (int r = 0; r < n_rows; r++)
    for (int c = 0; c < n_cols; c++)
      {
        MrgBox box = { col_span[c].a, row_span[r].a, col_span[c].b, row_span[r].b };

        if (filled[(gsize) r * n_cols + c])
          continue;
        if (mrg_store_add_cell (store, row_ids[r], c, &box, NULL, 0, error) == 0)
          return FALSE;
      }
  return TRUE;
}

gint64
mrg_pagexml_import (MrgStore    *store,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  xmlDoc *doc = NULL;
  xmlNode *root, *page;
  g_autofree char *image_name = NULL;
  g_autofree char *image_path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *existing = NULL;
  Collect c = { path };
  gint64 size = 0;
  gint64 doc_id = 0, page_id;
  double dpi = 300.0;
  l_int32 iw = 0, ih = 0;

  g_return_val_if_fail (MRG_IS_STORE (store), 0);
  g_return_val_if_fail (path != NULL, 0);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s: no such file"), path);
      return 0;
    }

  /* no network, no entity expansion: a PAGE file has no business with either */
  doc = xmlReadFile (path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL)
    {
      const xmlError *err = xmlGetLastError ();
      g_autofree char *msg = g_strdup (err != NULL && err->message != NULL ? err->message : "");

      g_strstrip (msg);
      g_set_error (error, MRG_PAGEXML_ERROR, MRG_PAGEXML_ERROR_MALFORMED,
                   _("%s: not well-formed XML (line %d: %s)"), path,
                   err != NULL ? err->line : 0, msg);
      return 0;
    }

  /* Entities are not expanded while parsing, but reading an element's text expands them: one
   * small file could make a cell of hundreds of millions of characters. */
  if (doc->intSubset != NULL &&
      (doc->intSubset->entities != NULL || doc->intSubset->pentities != NULL))
    {
      g_set_error (error, MRG_PAGEXML_ERROR, MRG_PAGEXML_ERROR_INVALID,
                   _("%s: the file declares XML entities, which a PAGE file has no use for; "
                     "it was not imported"), path);
      goto out;
    }

  root = xmlDocGetRootElement (doc);
  if (!is_page_node (root, "PcGts") || (page = first_child (root, "Page")) == NULL)
    {
      g_set_error (error, MRG_PAGEXML_ERROR, MRG_PAGEXML_ERROR_NOT_PAGE,
                   _("%s: not a PAGE XML file (no PcGts/Page in the PRImA namespace)"), path);
      goto out;
    }
  image_name = get_prop (page, "imageFilename");
  if (image_name == NULL || *image_name == '\0' ||
      !get_int_prop (page, "imageWidth", &c.width) || !get_int_prop (page, "imageHeight", &c.height) ||
      c.width <= 0 || c.height <= 0)
    {
      g_set_error (error, MRG_PAGEXML_ERROR, MRG_PAGEXML_ERROR_INVALID,
                   _("%s: the Page has no imageFilename, imageWidth or imageHeight"), path);
      goto out;
    }
  {
    g_autofree char *res = get_prop (page, "imageXResolution");
    g_autofree char *unit = get_prop (page, "imageResolutionUnit");
    double v = res != NULL ? g_ascii_strtod (res, NULL) : 0;

    if (v > 0 && v < 10000)
      dpi = g_strcmp0 (unit, "PPCM") == 0 ? v * 2.54 : v;
  }

  /* the image is named relative to the PAGE file's folder (an absolute name is taken as is) */
  dir = g_path_get_dirname (path);
  image_path = g_path_is_absolute (image_name) ? g_strdup (image_name)
                                               : g_build_filename (dir, image_name, NULL);
  if (!g_file_test (image_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, MRG_PAGEXML_ERROR, MRG_PAGEXML_ERROR_IMAGE,
                   _("%s: the image it names, %s, is not there"), path, image_path);
      goto out;
    }
  if (pixReadHeader (image_path, NULL, &iw, &ih, NULL, NULL, NULL) != 0)
    {
      g_set_error (error, MRG_PAGEXML_ERROR, MRG_PAGEXML_ERROR_IMAGE,
                   _("%s: the image it names, %s, cannot be read"), path, image_path);
      goto out;
    }
  /* the same limit as for a scan imported on its own, before anything is decoded */
  if (!mrg_document_check_pixels (image_path, 1, iw, ih, error))
    goto out;
  if (iw != c.width || ih != c.height)
    {
      g_set_error (error, MRG_PAGEXML_ERROR, MRG_PAGEXML_ERROR_INVALID,
                   _("%s: it says the image is %d×%d but %s is %d×%d"), path, c.width, c.height,
                   image_path, iw, ih);
      goto out;
    }

  /* read everything before writing anything */
  c.tables = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  c.loose = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (c.loose, item_clear);
  if (!collect (&c, page, error))
    goto out;

  sha = mrg_file_sha256 (image_path, &size, NULL, &local_error);
  if (sha == NULL)
    {
      g_set_error (error, MRG_PAGEXML_ERROR, MRG_PAGEXML_ERROR_IMAGE,
                   _("%s: the image it names, %s, cannot be read: %s"), path, image_path,
                   local_error->message);
      goto out;
    }
  /* The scan may be in the project already (imported on its own, before its PAGE file came):
   * the grid goes onto its page if that page has none yet; a page with a grid is a person's
   * work or an earlier import, and is never replaced. */
  doc_id = mrg_store_find_document (store, sha, &existing);
  if (doc_id != 0)
    {
      g_auto(MrgStorePage) stored = { 0 };
      gboolean usable = FALSE;

      if (!mrg_store_find_page (store, doc_id, 1, &page_id, error))
        goto fail;
      if (page_id != 0)
        {
          if (!mrg_store_get_page (store, page_id, &stored, error))
            goto fail;
          usable = stored.width == c.width && stored.height == c.height && stored.n_tables == 0;
        }
      if (!usable)
        {
          g_set_error (error, MRG_PAGEXML_ERROR, MRG_PAGEXML_ERROR_DUPLICATE,
                       _("%s: its image %s is already in the project with a grid (as %s);"
                         " nothing was changed"), path, image_path, existing);
          goto fail;
        }
    }
  else
    {
      g_autofree char *abs_image = g_canonicalize_filename (image_path, NULL);

      doc_id = mrg_store_add_document (store, abs_image, sha, size, MRG_DOCUMENT_KIND_IMAGE, 1,
                                       error);
      if (doc_id == 0)
        goto out;
      page_id = mrg_store_add_page (store, doc_id, 1, c.width, c.height, dpi, error);
      if (page_id == 0)
        goto fail;
    }

  /* cells of a TableRegion that gave no positions are placed like loose ones */
  for (guint t = 0; t < c.tables->len; t++)
    {
      GArray *items = g_ptr_array_index (c.tables, t);
      gboolean positioned = items->len > 0;

      for (guint i = 0; i < items->len; i++)
        positioned &= g_array_index (items, Item, i).row >= 0;
      if (!positioned)
        derive_grid (items);
      if (!store_table (store, page_id, items, error))
        goto fail;
    }
  /* regions beside a table are notes around it (a folio number, a title), not cells */
  if (c.tables->len == 0 && c.loose->len > 0)
    {
      derive_grid (c.loose);
      if (!store_table (store, page_id, c.loose, error))
        goto fail;
    }
  if (c.tables->len > 0 || c.loose->len > 0)
    if (!mrg_store_set_page_status (store, page_id, MRG_PAGE_STATUS_OCR_DONE, error))
      goto fail;
  goto out;

fail:
  doc_id = 0;
out:
  if (c.tables != NULL)
    g_ptr_array_unref (c.tables);
  if (c.loose != NULL)
    g_array_unref (c.loose);
  xmlFreeDoc (doc);
  return doc_id;
}
