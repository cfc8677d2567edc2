package io.memberlist.bench.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line chart written as SVG text: titled axes, linear or decade (log) scales, nice tick
 * marks, any number of series drawn as lines, steps or markers, and a legend. Enough for the
 * simulator's pictures without a plotting library or service; the files open in any browser
 * and render on GitHub.
 */
public final class SvgChart {
    /** How a series is drawn. */
    public enum Style { LINE, DASHED, STEP, MARKERS, LINE_MARKERS }

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f"};
    private static final int WIDTH = 720;
    private static final int HEIGHT = 440;
    private static final int LEFT = 72;
    private static final int RIGHT = 24;
    private static final int TOP = 44;
    private static final int BOTTOM = 58;

    private record Series(String label, double[] x, double[] y, Style style, String color) {}

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private boolean legendRight;
    private boolean legendBottom;
    private boolean logX;
    private boolean logY;
    private Double xMin;
    private Double xMax;
    private Double yMin;
    private Double yMax;

    public SvgChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Decades on the x axis; points at x ≤ 0 are left out. */
    public SvgChart logX() {
        logX = true;
        return this;
    }

    /** Decades on the y axis; points at y ≤ 0 are drawn on the bottom edge, labelled 0. */
    public SvgChart logY() {
        logY = true;
        return this;
    }

    public SvgChart xRange(double min, double max) {
        xMin = min;
        xMax = max;
        return this;
    }

    public SvgChart yRange(double min, double max) {
        yMin = min;
        yMax = max;
        return this;
    }

    /** Puts the legend in a corner of the plot other than the top left, where the curves are not. */
    public SvgChart legend(boolean right, boolean bottom) {
        legendRight = right;
        legendBottom = bottom;
        return this;
    }

    /** A line of small text under the plot (settings, seeds, the machine). */
    public SvgChart note(String text) {
        notes.add(text);
        return this;
    }

    public SvgChart add(String label, double[] x, double[] y, Style style) {
        return add(label, x, y, style, series.size());
    }

    /** As {@link #add(String, double[], double[], Style)} in the palette's colour {@code color} (to pair series). */
    public SvgChart add(String label, double[] x, double[] y, Style style, int color) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(label + ": " + x.length + " x values, " + y.length + " y values");
        }
        series.add(new Series(label, x.clone(), y.clone(), style, COLORS[Math.floorMod(color, COLORS.length)]));
        return this;
    }

    public SvgChart add(String label, List<Double> x, List<Double> y, Style style) {
        return add(label, toArray(x), toArray(y), style);
    }

    private static double[] toArray(List<Double> v) {
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i);
        }
        return out;
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- rendering

    /** The chart as an SVG document. */
    public String render() {
        double[] xr = range(true);
        double[] yr = range(false);
        int h = HEIGHT + 16 * notes.size();
        StringBuilder s = new StringBuilder(16_384);
        s.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, h, WIDTH, h));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, h));
        text(s, WIDTH / 2.0, 24, "middle", 15, "bold", title);
        int pw = WIDTH - LEFT - RIGHT;
        int ph = HEIGHT - TOP - BOTTOM;
        s.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n", LEFT, TOP, pw, ph));
        for (double t : ticks(xr[0], xr[1], logX)) {
            double px = px(t, xr);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                    px, TOP, px, TOP + ph));
            text(s, px, TOP + ph + 16, "middle", 11, "normal", label(t));
        }
        boolean zeroEdge = logY && hasZeroY();
        for (double t : ticks(yr[0], yr[1], logY)) {
            double py = py(t, yr);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, py, LEFT + pw, py));
            text(s, LEFT - 6, py + 4, "end", 11, "normal", zeroEdge && t == ticks(yr[0], yr[1], true).get(0) ? "0" : label(t));
        }
        text(s, LEFT + pw / 2.0, TOP + ph + 38, "middle", 12, "normal", xLabel);
        s.append(String.format(Locale.ROOT,
                "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">%s</text>%n",
                TOP + ph / 2.0, TOP + ph / 2.0, escape(yLabel)));
        s.append(String.format(Locale.ROOT, "<clipPath id=\"plot\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/></clipPath>%n",
                LEFT - 4, TOP - 4, pw + 8, ph + 8));
        for (Series se : series) {
            drawSeries(s, se, xr, yr);
        }
        legend(s);
        for (int i = 0; i < notes.size(); i++) {
            text(s, 12, HEIGHT + 4 + 16 * i, "start", 11, "normal", notes.get(i));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private boolean hasZeroY() {
        for (Series se : series) {
            for (double v : se.y) {
                if (v <= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private void drawSeries(StringBuilder s, Series se, double[] xr, double[] yr) {
        StringBuilder path = new StringBuilder();
        List<double[]> marks = new ArrayList<>();
        double lastPy = Double.NaN;
        for (int i = 0; i < se.x.length; i++) {
            double x = se.x[i];
            double y = se.y[i];
            if (Double.isNaN(x) || Double.isNaN(y) || (logX && x <= 0)) {
                continue;
            }
            double px = px(x, xr);
            double py = logY && y <= 0 ? TOP + HEIGHT - TOP - BOTTOM : py(y, yr);
            if (path.length() == 0) {
                path.append(String.format(Locale.ROOT, "M%.1f,%.1f", px, py));
            } else if (se.style == Style.STEP) {
                path.append(String.format(Locale.ROOT, " H%.1f V%.1f", px, py));
            } else {
                path.append(String.format(Locale.ROOT, " L%.1f,%.1f", px, py));
            }
            lastPy = py;
            marks.add(new double[] {px, py});
        }
        if (Double.isNaN(lastPy)) {
            return;
        }
        if (se.style != Style.MARKERS) {
            String dash = se.style == Style.DASHED ? " stroke-dasharray=\"6 4\"" : "";
            s.append(String.format(Locale.ROOT,
                    "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s clip-path=\"url(#plot)\"/>%n",
                    path, se.color, dash));
        }
        if (se.style == Style.MARKERS || se.style == Style.LINE_MARKERS) {
            for (double[] m : marks) {
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>%n",
                        m[0], m[1], se.color));
            }
        }
    }

    private void legend(StringBuilder s) {
        int longest = 0;
        for (Series se : series) {
            longest = Math.max(longest, se.label.length());
        }
        int boxW = 40 + longest * 7;
        int boxH = 18 * series.size() + 4;
        int x = legendRight ? WIDTH - RIGHT - boxW - 6 : LEFT + 12;
        int y = legendBottom ? HEIGHT - BOTTOM - boxH - 6 + 12 : TOP + 16;
        s.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#bbb\"/>%n",
                x - 6, y - 12, boxW, boxH));
        for (Series se : series) {
            String dash = se.style == Style.DASHED ? " stroke-dasharray=\"6 4\"" : "";
            if (se.style == Style.MARKERS) {
                s.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"3.5\" fill=\"%s\"/>%n",
                        x + 11, y - 4, se.color));
            } else {
                s.append(String.format(Locale.ROOT,
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                        x, y - 4, x + 22, y - 4, se.color, dash));
            }
            text(s, x + 28, y, "start", 12, "normal", se.label);
            y += 18;
        }
    }

    private double px(double x, double[] r) {
        double f = logX ? (Math.log10(x) - Math.log10(r[0])) / (Math.log10(r[1]) - Math.log10(r[0]))
                : (x - r[0]) / (r[1] - r[0]);
        return LEFT + f * (WIDTH - LEFT - RIGHT);
    }

    private double py(double y, double[] r) {
        double f = logY ? (Math.log10(y) - Math.log10(r[0])) / (Math.log10(r[1]) - Math.log10(r[0]))
                : (y - r[0]) / (r[1] - r[0]);
        return TOP + (1 - f) * (HEIGHT - TOP - BOTTOM);
    }

    /** The axis range: as set, else the data's, widened to whole ticks (decades on a log axis). */
    private double[] range(boolean xAxis) {
        Double setMin = xAxis ? xMin : yMin;
        Double setMax = xAxis ? xMax : yMax;
        boolean log = xAxis ? logX : logY;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        boolean zero = false;
        for (Series se : series) {
            for (double v : xAxis ? se.x : se.y) {
                zero |= log && v <= 0;
                if (Double.isNaN(v) || Double.isInfinite(v) || (log && v <= 0)) {
                    continue;
                }
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            lo = log ? 1 : 0;
            hi = log ? 10 : 1;
        }
        if (log) {
            // Zeros sit on the bottom edge, a decade below every positive value, labelled 0.
            double floor = Math.floor(Math.log10(lo)) - (zero && !xAxis ? 1 : 0);
            lo = setMin != null ? setMin : Math.pow(10, floor);
            hi = setMax != null ? setMax : Math.pow(10, Math.ceil(Math.log10(hi)));
            if (hi <= lo) {
                hi = lo * 10;
            }
            return new double[] {lo, hi};
        }
        if (setMin != null) {
            lo = setMin;
        }
        if (setMax != null) {
            hi = setMax;
        }
        if (hi == lo) {
            hi = lo + 1;
        }
        double step = niceStep((hi - lo) / 6);
        if (setMin == null) {
            lo = Math.floor(lo / step) * step;
        }
        if (setMax == null) {
            hi = Math.ceil(hi / step) * step;
        }
        return new double[] {lo, hi};
    }

    static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
    }

    static List<Double> ticks(double lo, double hi, boolean log) {
        List<Double> out = new ArrayList<>();
        if (log) {
            for (double d = Math.pow(10, Math.ceil(Math.log10(lo) - 1e-9)); d <= hi * (1 + 1e-9); d *= 10) {
                out.add(d);
            }
            return out;
        }
        double step = niceStep((hi - lo) / 6);
        for (double t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) {
            out.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        }
        return out;
    }

    static String label(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e6 || a < 1e-6) {
            return String.format(Locale.ROOT, "%.0e", v);
        }
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        String t = String.format(Locale.ROOT, a < 1e-3 ? "%.6f" : "%.3f", v);
        t = t.replaceAll("0+$", "");
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }

    private static void text(StringBuilder s, double x, double y, String anchor, int size, String weight, String t) {
        s.append(String.format(Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" font-weight=\"%s\">%s</text>%n",
                x, y, anchor, size, weight, escape(t)));
    }

    static String escape(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
