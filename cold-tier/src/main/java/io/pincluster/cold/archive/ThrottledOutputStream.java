package io.pincluster.cold.archive;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Passes bytes on after the throttle let them through; used for the spool a CAR is written to. */
final class ThrottledOutputStream extends FilterOutputStream {
    private final Throttle throttle;

    ThrottledOutputStream(OutputStream out, Throttle throttle) {
        super(out);
        this.throttle = throttle;
    }

    @Override
    public void write(int b) throws IOException {
        throttle.acquire(1);
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        // FilterOutputStream would write byte by byte
        throttle.acquire(len);
        out.write(b, off, len);
    }
}
