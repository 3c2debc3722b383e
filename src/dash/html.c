/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTML escaping, numbers for people and inline SVG charts. */
#include "dash/dash_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MINUS "\xE2\x88\x92"  /* U+2212, a real minus sign */
#define NDASH "\xE2\x80\x93"  /* U+2013, for "no number" */

/* Okabe-Ito: distinguishable with every common colour-vision deficiency,
 * and in grey when printed (the series also differ in dash pattern). */
static const char *const palette[H_MAX_SERIES] = {
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"};
static const char *const dashes[H_MAX_SERIES] = {"", "6 3", "2 2",
                                                 "8 3 2 3", "1 3", "4 4"};

/* A number for people: printf's, with the decimal sign of the reader's
 * language (no thousands separators in either). Every number a page
 * prints with decimals goes through here; SVG coordinates do not. */
static void num_addf(struct buf *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void num_addf(struct buf *out, const char *fmt, ...)
{
    size_t from = out->len;
    char dec = i18n_decimal();
    va_list ap;

    va_start(ap, fmt);
    buf_vaddf(out, fmt, ap);
    va_end(ap);
    for (size_t i = from; dec != '.' && i < out->len; i++)
        if (out->data[i] == '.')
            out->data[i] = dec;
}

static int number(json_t *v, double *x)
{
    if (!json_is_number(v))
        return 0;
    *x = json_number_value(v);
    return isfinite(*x);
}

/* A percentage with a real minus sign; sign adds "+" to positives. */
static void pct_value(struct buf *out, double x, int sign)
{
    double r = round(100.0 * x);

    if (r < 0)
        num_addf(out, MINUS "%.0f%%", -r);
    else
        num_addf(out, "%s%.0f%%", sign && r > 0 ? "+" : "", r);
}

void h_pct(struct buf *out, json_t *v, int sign)
{
    double x;

    if (number(v, &x))
        pct_value(out, x, sign);
    else
        buf_puts(out, NDASH);
}

void h_num(struct buf *out, json_t *v, int decimals)
{
    double x;

    if (number(v, &x))
        num_addf(out, "%.*f", decimals, x);
    else
        buf_puts(out, NDASH);
}

void h_sig(struct buf *out, json_t *v, int digits)
{
    double x;

    if (number(v, &x))
        num_addf(out, "%.*g", digits, x);
    else
        buf_puts(out, NDASH);
}

void h_hours(struct buf *out, json_t *v)
{
    double x;

    if (!number(v, &x))
        buf_puts(out, NDASH);
    else if (x >= 48)
        num_addf(out, _("%.1f days"), x / 24);
    else
        num_addf(out, _("%.1f h"), x);
}

void h_change(struct buf *out, json_t *est, json_t *lo, json_t *hi)
{
    double e, l, h;

    if (!number(est, &e)) {
        buf_puts(out, NDASH);
        return;
    }
    pct_value(out, e, 1);
    if (number(lo, &l) && number(hi, &h)) {
        buf_puts(out, " (");
        pct_value(out, l, 1);
        buf_puts(out, _(" to "));
        pct_value(out, h, 1);
        buf_puts(out, ")");
    }
}

/* ---- charts ---- */

#define W 640
#define H 240
#define PAD_L 56
#define PAD_R 36
#define PAD_T 16
#define PAD_B 40

int h_nice_ticks(double *lo, double *hi, int want, double *step)
{
    double span = *hi - *lo, raw, mag, f;

    if (!(span > 0))
        span = fabs(*hi) > 0 ? fabs(*hi) : 1;
    raw = span / (want > 0 ? want : 1);
    mag = pow(10, floor(log10(raw)));
    f = raw / mag;
    /* the nearest of 1, 2, 5, 10 (Heckbert's "nice numbers") */
    *step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
    *lo = floor(*lo / *step + 1e-9) * *step;
    *hi = ceil(*hi / *step - 1e-9) * *step;
    if (*hi - *lo < *step / 2)
        *hi = *lo + *step;
    return (int)lround((*hi - *lo) / *step);
}

/* A tick's label: percentages with a decimal only when the step needs
 * one. */
static void axis_label(struct buf *out, double v, int percent, double step)
{
    if (fabs(v) < step * 1e-6)
        v = 0; /* no "-0" */
    if (percent)
        pct_value(out, v, step < 0.0099 ? 1 : 0);
    else if (fabs(v) >= 100)
        num_addf(out, "%.0f", v);
    else
        num_addf(out, "%.3g", v);
}

/* Where point i of n, and value y in [lo, hi], go in a line chart. */
static double xpos(size_t i, size_t n)
{
    return PAD_L + (W - PAD_L - PAD_R)
                       * (n > 1 ? (double)i / (double)(n - 1) : 0.5);
}

static double ypos(double y, double lo, double hi)
{
    return PAD_T + (H - PAD_T - PAD_B) * (1 - (y - lo) / (hi - lo));
}

void h_line_chart(struct buf *out, const char *title, json_t *labels,
                  const struct h_series *s, size_t ns, int percent)
{
    h_line_chart_band(out, title, labels, s, ns, percent, NULL);
}

/* The band's shaded runs: a polygon over each run of points where both
 * ends are numbers (a lone point is a short upright bar). */
static void band_runs(struct buf *out, const struct h_band *b, size_t n,
                      double lo, double hi)
{
    size_t i = 0;
    double l = 0.0, h = 0.0;

    while (i < n) {
        size_t j = i;

        while (j < n && number(json_array_get(b->lo, j), &l)
               && number(json_array_get(b->hi, j), &h))
            j++;
        if (j == i) {
            i++;
            continue;
        }
        if (j - i == 1) {
            number(json_array_get(b->lo, i), &l);
            number(json_array_get(b->hi, i), &h);
            buf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"6\" "
                          "height=\"%.1f\" fill=\"%s\" "
                          "fill-opacity=\"0.25\"/>",
                     xpos(i, n) - 3, ypos(h, lo, hi),
                     ypos(l, lo, hi) - ypos(h, lo, hi), palette[b->colour]);
        } else {
            buf_addf(out, "<path fill=\"%s\" fill-opacity=\"0.25\" "
                          "stroke=\"none\" d=\"",
                     palette[b->colour]);
            for (size_t k = i; k < j; k++) {
                number(json_array_get(b->hi, k), &h);
                buf_addf(out, "%c%.1f %.1f ", k == i ? 'M' : 'L',
                         xpos(k, n), ypos(h, lo, hi));
            }
            for (size_t k = j; k-- > i;) {
                number(json_array_get(b->lo, k), &l);
                buf_addf(out, "L%.1f %.1f ", xpos(k, n), ypos(l, lo, hi));
            }
            buf_puts(out, "Z\"/>");
        }
        i = j;
    }
}

void h_line_chart_band(struct buf *out, const char *title, json_t *labels,
                       const struct h_series *s, size_t ns, int percent,
                       const struct h_band *band)
{
    size_t n = json_array_size(labels), step;
    double lo = INFINITY, hi = -INFINITY, x, tick;
    int nt;

    if (ns > H_MAX_SERIES)
        ns = H_MAX_SERIES;
    for (size_t k = 0; k < ns; k++)
        for (size_t i = 0; i < json_array_size(s[k].points); i++)
            if (number(json_array_get(s[k].points, i), &x)) {
                lo = fmin(lo, x);
                hi = fmax(hi, x);
            }
    for (size_t i = 0; band && i < n; i++) {
        if (number(json_array_get(band->lo, i), &x))
            lo = fmin(lo, x);
        if (number(json_array_get(band->hi, i), &x))
            hi = fmax(hi, x);
    }
    /* focusable: on a phone the chart scrolls in its box, and a
     * keyboard must reach it (its labels stay readable) */
    buf_addf(out, "<figure class=\"chart\" tabindex=\"0\"><svg "
                  "viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"t\">",
             W, H);
    buf_puts(out, "<title>");
    vhtml_esc(out, title);
    buf_puts(out, "</title>");
    if (!n || !isfinite(lo)) {
        buf_addf(out, "<text x=\"%d\" y=\"%d\">%s</text></svg>"
                      "<figcaption>",
                 PAD_L, H / 2, _("no data"));
        vhtml_esc(out, title);
        buf_puts(out, "</figcaption></figure>");
        return;
    }
    if (lo > 0 && !percent)
        lo = 0;
    if (percent) {
        lo = fmin(lo, 0);
        hi = fmax(hi, 0);
    }
    nt = h_nice_ticks(&lo, &hi, 4, &tick);
    /* axes, gridlines and labels */
    for (int t = 0; t <= nt; t++) {
        double v = lo + tick * t;
        double y = ypos(v, lo, hi);

        buf_addf(out, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
                      "stroke=\"#ccc\"/><text x=\"%d\" y=\"%.1f\" "
                      "text-anchor=\"end\" font-size=\"11\">",
                 PAD_L, W - PAD_R, y, y, PAD_L - 4, y + 4);
        axis_label(out, v, percent, tick);
        buf_puts(out, "</text>");
    }
    step = n > 8 ? (n + 7) / 8 : 1;
    for (size_t i = 0; i < n; i += step) {
        buf_addf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
                      "font-size=\"11\">",
                 xpos(i, n), H - PAD_B + 16);
        vhtml_esc(out, json_string_value(json_array_get(labels, i)));
        buf_puts(out, "</text>");
    }
    if (band) {
        band_runs(out, band, n, lo, hi);
        buf_addf(out, "<rect x=\"%zu\" y=\"%d\" width=\"18\" "
                      "height=\"8\" fill=\"%s\" fill-opacity=\"0.25\"/>"
                      "<text x=\"%zu\" y=\"%d\" font-size=\"11\">",
                 PAD_L + ns * 150, H - 12, palette[band->colour],
                 PAD_L + ns * 150 + 22, H - 4);
        vhtml_esc(out, band->name);
        buf_puts(out, "</text>");
    }
    for (size_t k = 0; k < ns; k++) {
        int open = 0;

        buf_addf(out, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s%s%s d=\"",
                 palette[k], *dashes[k] ? " stroke-dasharray=\"" : "",
                 dashes[k], *dashes[k] ? "\"" : "");
        for (size_t i = 0; i < n; i++) {
            if (!number(json_array_get(s[k].points, i), &x)) {
                open = 0; /* a gap: suppressed or missing */
                continue;
            }
            buf_addf(out, "%c%.1f %.1f ", open ? 'L' : 'M', xpos(i, n),
                     ypos(x, lo, hi));
            open = 1;
        }
        buf_puts(out, "\"/>");
        /* a mark on every point, so lone points (between suppressed
         * neighbours) show too */
        for (size_t i = 0; i < n; i++)
            if (number(json_array_get(s[k].points, i), &x))
                buf_addf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" "
                              "fill=\"%s\"/>",
                         xpos(i, n), ypos(x, lo, hi), palette[k]);
        /* the legend */
        buf_addf(out, "<line x1=\"%zu\" x2=\"%zu\" y1=\"%d\" y2=\"%d\" "
                      "stroke=\"%s\" stroke-width=\"2\"%s%s%s/>"
                      "<text x=\"%zu\" y=\"%d\" font-size=\"11\">",
                 PAD_L + k * 150, PAD_L + k * 150 + 18, H - 8, H - 8,
                 palette[k], *dashes[k] ? " stroke-dasharray=\"" : "",
                 dashes[k], *dashes[k] ? "\"" : "", PAD_L + k * 150 + 22,
                 H - 4);
        vhtml_esc(out, s[k].name);
        buf_puts(out, "</text>");
    }
    buf_puts(out, "</svg><figcaption>");
    vhtml_esc(out, title);
    buf_puts(out, _(" (the table below holds the same numbers)"));
    buf_puts(out, "</figcaption></figure>");
}

void h_forest(struct buf *out, const char *title,
              const struct h_forest_row *rows, size_t n)
{
    const int row_h = 22, left = 220;
    double lo = -0.5, hi = 0.5, e, l, h, m, tick;
    int height = PAD_T + (int)n * row_h + PAD_B;

    for (size_t i = 0; i < n; i++) {
        if (number(rows[i].lo, &l))
            lo = fmin(lo, l);
        if (number(rows[i].hi, &h))
            hi = fmax(hi, h);
        if (number(rows[i].mde, &m)) {
            lo = fmin(lo, m);
            hi = fmax(hi, m);
        }
    }
    h_nice_ticks(&lo, &hi, 4, &tick);
    if (lo < -1) /* no change is smaller than -100% */
        lo = -1;
#define FX(v) (left + (W - left - PAD_R) * ((v) - lo) / (hi - lo))
    /* a group, not an image: its labels are links (an image may hold
     * no control) */
    buf_addf(out, "<figure class=\"chart\"><svg viewBox=\"0 0 %d %d\" "
                  "role=\"group\"><title>",
             W, height);
    vhtml_esc(out, title);
    buf_puts(out, "</title>");
    buf_addf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" "
                  "stroke=\"#000\" stroke-dasharray=\"3 3\"/>",
             FX(0.0), FX(0.0), PAD_T, height - PAD_B);
    for (int t = (int)ceil(lo / tick - 1e-9); t * tick <= hi + 1e-9; t++) {
        double v = tick * t;

        buf_addf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
                      "font-size=\"11\">",
                 FX(v), height - PAD_B + 16);
        axis_label(out, v, 1, tick);
        buf_puts(out, "</text>");
    }
    buf_addf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
                  "font-size=\"11\">%s</text>",
             FX((lo + hi) / 2), height - 6,
             _("relative change of the metric"));
    for (size_t i = 0; i < n; i++) {
        int y = PAD_T + (int)i * row_h + row_h / 2;

        buf_addf(out, "<text x=\"4\" y=\"%d\" font-size=\"12\">", y + 4);
        if (rows[i].href) {
            buf_puts(out, "<a href=\"");
            vhtml_esc(out, rows[i].href);
            buf_puts(out, "\">");
        }
        vhtml_esc(out, rows[i].label);
        if (rows[i].href)
            buf_puts(out, "</a>");
        buf_puts(out, "</text>");
        if (number(rows[i].lo, &l) && number(rows[i].hi, &h))
            buf_addf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" "
                          "stroke=\"%s\" stroke-width=\"2\"/>",
                     FX(l), FX(h), y, y, palette[0]);
        if (number(rows[i].mde, &m)) /* the smallest effect that matters */
            buf_addf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" "
                          "y2=\"%d\" stroke=\"#a33f00\" stroke-width=\"2\"/>",
                     FX(m), FX(m), y - 7, y + 7);
        if (number(rows[i].est, &e))
            buf_addf(out, "<rect x=\"%.1f\" y=\"%d\" width=\"8\" "
                          "height=\"8\" fill=\"%s\"/>",
                     FX(e) - 4, y - 4, palette[1]);
    }
#undef FX
    buf_puts(out, "</svg><figcaption>");
    vhtml_esc(out, title);
    /* xgettext:no-c-format */
    buf_puts(out, _(": squares are estimates, lines their 95% intervals, "
                    "short upright marks the smallest effect that matters "
                    "as each plan registered it; left of the dashed line is "
                    "a decrease (the table below holds the same numbers)"));
    buf_puts(out, "</figcaption></figure>");
}
