package dev.passerelle.bench.flow;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The flow benchmarks' plot (Java2D, PNG, headless): p99 latency against offered rate, both on log scales, one line
 * per flow through its windows at fractions of its maximum and at the maximum itself; the pass-through dashed.
 */
final class FlowPlot {

    static final int WIDTH = 1200;
    static final int HEIGHT = 720;
    private static final int LEFT = 80;
    private static final int RIGHT = 330;
    private static final int TOP = 60;
    private static final int BOTTOM = 60;
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0x17becf)};

    /** One line: its label, its (rate, p99 nanoseconds) points, dashed or not. */
    record Line(String label, List<double[]> points, boolean dashed) {
    }

    private FlowPlot() {
    }

    static void write(Path file, FlowBench.Results r) throws IOException {
        List<Line> lines = new ArrayList<>();
        for (Sweep.Result s : r.sweeps()) {
            List<Window> windows = new ArrayList<>(s.points());
            s.confirms().stream().filter(w -> w.offered() == s.max()).findFirst().ifPresent(windows::add);
            lines.add(line(s.flow(), windows, false));
        }
        lines.add(line("Pass-through, " + r.bridgeRooms().flow().replaceAll(".*, ", ""), r.passRooms(), true));
        lines.add(line("Pass-through, " + r.bridgeRoom().flow().replaceAll(".*, ", ""), r.passRoom(), true));
        draw(file, "p99 latency against offered rate (log scales)", lines);
    }

    private static Line line(String label, List<Window> windows, boolean dashed) {
        List<double[]> points = new ArrayList<>();
        for (Window w : windows) {
            points.add(new double[] {w.offered(), Math.max(w.outcome().p99(), 1)});
        }
        points.sort(Comparator.comparingDouble(p -> p[0]));
        return new Line(label, points, dashed);
    }

    static void draw(Path file, String title, List<Line> lines) throws IOException {
        double minRate = Double.MAX_VALUE;
        double maxRate = 0;
        double minNanos = Double.MAX_VALUE;
        double maxNanos = 0;
        for (Line l : lines) {
            for (double[] p : l.points()) {
                minRate = Math.min(minRate, p[0]);
                maxRate = Math.max(maxRate, p[0]);
                minNanos = Math.min(minNanos, p[1]);
                maxNanos = Math.max(maxNanos, p[1]);
            }
        }
        if (maxRate == 0) {
            throw new IllegalArgumentException("nothing to plot: no window");
        }
        double x0 = Math.floor(Math.log10(minRate));
        double x1 = Math.max(Math.ceil(Math.log10(maxRate)), x0 + 1);
        double y0 = Math.floor(Math.log10(minNanos / 1e6));
        double y1 = Math.max(Math.ceil(Math.log10(maxNanos / 1e6)), y0 + 1);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double d = x0; d <= x1 + 1e-9; d++) {
            for (int m = 1; m < 10 && d + Math.log10(m) <= x1 + 1e-9; m++) {
                int px = (int) Math.round(LEFT + (d + Math.log10(m) - x0) / (x1 - x0) * plotW);
                g.setColor(m == 1 ? new Color(200, 200, 200) : new Color(238, 238, 238));
                g.drawLine(px, TOP, px, TOP + plotH);
                if (m == 1) {
                    g.setColor(Color.BLACK);
                    String label = label(d);
                    g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, TOP + plotH + 18);
                }
            }
        }
        for (double d = y0; d <= y1 + 1e-9; d++) {
            for (int m = 1; m < 10 && d + Math.log10(m) <= y1 + 1e-9; m++) {
                int py = (int) Math.round(TOP + plotH - (d + Math.log10(m) - y0) / (y1 - y0) * plotH);
                g.setColor(m == 1 ? new Color(200, 200, 200) : new Color(238, 238, 238));
                g.drawLine(LEFT, py, LEFT + plotW, py);
                if (m == 1) {
                    g.setColor(Color.BLACK);
                    String label = label(d);
                    g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), py + 4);
                }
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.drawString("offered rate, messages per second", LEFT + plotW / 2 - 95, HEIGHT - 22);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString("p99 latency, ms", -(TOP + plotH / 2) - 45, 25);
        rotated.dispose();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 35);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int legendY = TOP + 10;
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            Color c = COLORS[i % COLORS.length];
            g.setColor(c);
            g.setStroke(l.dashed()
                    ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {7, 5}, 0)
                    : new BasicStroke(2f));
            Path2D.Double path = new Path2D.Double();
            boolean first = true;
            for (double[] p : l.points()) {
                double px = LEFT + (Math.log10(p[0]) - x0) / (x1 - x0) * plotW;
                double py = TOP + plotH - (Math.log10(p[1] / 1e6) - y0) / (y1 - y0) * plotH;
                if (first) {
                    path.moveTo(px, py);
                    first = false;
                } else {
                    path.lineTo(px, py);
                }
                g.fillOval((int) px - 3, (int) py - 3, 7, 7);
            }
            g.draw(path);
            g.drawLine(LEFT + plotW + 15, legendY - 4, LEFT + plotW + 45, legendY - 4);
            g.setColor(Color.BLACK);
            g.drawString(l.label(), LEFT + plotW + 52, legendY);
            legendY += 20;
        }
        g.dispose();
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    private static String label(double decade) {
        double v = Math.pow(10, decade);
        return v >= 1 ? Long.toString(Math.round(v)) : Double.toString(v);
    }
}
