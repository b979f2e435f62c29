package dev.passerelle.soak;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import javax.imageio.ImageIO;

/**
 * The soak's plot (Java2D, PNG): heap used and RSS of both instances over the run in MiB, the warm-up shaded, and the
 * fitted lines after it (the heap's through its floor, RSS's through every sample) dashed.
 */
final class SoakPlot {

    static final int WIDTH = 1200;
    static final int HEIGHT = 700;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 80;
    private static final int BOTTOM = 70;
    private static final double MIB = 1024.0 * 1024.0;

    /** One line of the plot and, when there is one, its fitted trend after the warm-up. */
    record Series(String label, Color color, ToLongFunction<Sample> value, Growth.Trend trend) {
    }

    private SoakPlot() {
    }

    static void write(Path file, String title, List<Sample> samples, double warmUpSeconds, List<Series> series)
            throws IOException {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot: no samples");
        }
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        double maxSeconds = Math.max(samples.get(samples.size() - 1).seconds(), 1);
        double maxMib = 0;
        for (Series s : series) {
            for (Sample x : samples) {
                maxMib = Math.max(maxMib, s.value().applyAsLong(x) / MIB);
            }
        }
        double yStep = niceStep(maxMib / 6);
        double yMax = Math.ceil(maxMib * 1.05 / yStep) * yStep;
        double xMaxMinutes = maxSeconds / 60;
        double xStep = niceStep(xMaxMinutes / 10);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        Axis x = v -> LEFT + v / maxSeconds * plotW;
        Axis y = v -> TOP + plotH - v / MIB / yMax * plotH;

        // The warm-up, shaded and named.
        g.setColor(new Color(235, 235, 235));
        int warmEnd = (int) Math.round(x.at(Math.min(warmUpSeconds, maxSeconds)));
        g.fillRect(LEFT, TOP, warmEnd - LEFT, plotH);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(Color.DARK_GRAY);
        g.drawString("warm-up", LEFT + 6, TOP + plotH - 8);

        // Grid and axes.
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double v = 0; v <= yMax + 1e-9; v += yStep) {
            int py = (int) Math.round(y.at(v * MIB));
            g.setColor(new Color(220, 220, 220));
            g.drawLine(LEFT, py, LEFT + plotW, py);
            g.setColor(Color.BLACK);
            String label = format(v);
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), py + 4);
        }
        for (double m = 0; m <= xMaxMinutes + 1e-9; m += xStep) {
            int px = (int) Math.round(x.at(m * 60));
            g.setColor(new Color(220, 220, 220));
            g.drawLine(px, TOP, px, TOP + plotH);
            g.setColor(Color.BLACK);
            String label = format(m);
            g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, TOP + plotH + 18);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.drawString("minutes since the traffic started", LEFT + plotW / 2 - 100, HEIGHT - 25);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString("MiB", -(TOP + plotH / 2) - 10, 25);
        rotated.dispose();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 30);

        // The series, then their trends.
        for (Series s : series) {
            Path2D.Double line = new Path2D.Double();
            boolean first = true;
            for (Sample sample : samples) {
                double px = x.at(sample.seconds());
                double py = y.at(s.value().applyAsLong(sample));
                if (first) {
                    line.moveTo(px, py);
                    first = false;
                } else {
                    line.lineTo(px, py);
                }
            }
            g.setColor(s.color());
            g.setStroke(new BasicStroke(1.6f));
            g.draw(line);
            if (s.trend() != null) {
                g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                        new float[] {8, 6}, 0));
                g.setColor(s.color().darker());
                g.drawLine((int) x.at(warmUpSeconds), (int) y.at((long) s.trend().atWarmUpEnd()),
                        (int) x.at(maxSeconds), (int) y.at((long) s.trend().atEnd()));
            }
        }

        // Legend, in one row between the title and the plot.
        g.setStroke(new BasicStroke(2f));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int lx = LEFT;
        int ly = TOP - 16;
        for (Series s : series) {
            g.setColor(s.color());
            g.drawLine(lx, ly - 4, lx + 26, ly - 4);
            g.setColor(Color.BLACK);
            g.drawString(s.label(), lx + 32, ly);
            lx += 32 + g.getFontMetrics().stringWidth(s.label()) + 24;
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString("dashed: fitted after the warm-up (heap: through its floor)", lx, ly);
        g.dispose();
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    private interface Axis {
        double at(double value);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (raw <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
