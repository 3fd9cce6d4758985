package io.pincluster.ctl;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A one-line upload progress bar on stderr, redrawn with {@code \r} from the server's
 * {@code progress=true} lines (bytes so far, per file name).
 */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final long total;
    private final Map<String, Long> bytesByName = new HashMap<>();
    private long done;
    private boolean drawn;

    ProgressBar(PrintStream err, long total) {
        this.err = err;
        this.total = Math.max(1, total);
    }

    void update(String name, long bytes) {
        Long before = bytesByName.put(name, bytes);
        done += bytes - (before == null ? 0 : before);
        draw();
    }

    void finish() {
        if (drawn) {
            if (done < total) {
                done = total;
                draw();
            }
            err.println();
            drawn = false;
        }
    }

    private void draw() {
        long shown = Math.min(done, total);
        int filled = (int) (WIDTH * shown / total);
        String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
        err.printf(Locale.ROOT, "\r%9s / %-9s [%s] %3d%%", human(shown), human(total), bar, 100 * shown / total);
        err.flush();
        drawn = true;
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
