package io.pincluster.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** Signals to peer processes with {@code kill}: SIGSTOP freezes one (its sockets stay open), SIGCONT thaws it. */
public final class ProcessSignals {
    private ProcessSignals() {
    }

    /** SIGSTOP: the process stops running but keeps its sockets, so callers see a hung peer, not a refused one. */
    public static void freeze(long pid) {
        send("STOP", pid);
    }

    /** SIGCONT: resumes a {@link #freeze frozen} process. */
    public static void thaw(long pid) {
        send("CONT", pid);
    }

    /** Sends a signal with {@code kill} and waits until it is delivered. */
    static void send(String name, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + name, e);
        }
    }
}
